"""Evaluation: MCD after DTW, log-F0 RMSE and speaker-classifier accuracy vs. no conversion."""
