"""Reading and writing: labeled sets, pair files, JSONL output."""
