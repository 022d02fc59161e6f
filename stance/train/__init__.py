"""Fine-tuning an encoder into a 3-way NLI cross-encoder: data mix, synthetic pairs, loop."""
