"""Evaluation on labeled pair sets: metrics, label maps, the FNC-1 task, reports."""
