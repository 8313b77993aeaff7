"""Features: mel-cepstra and F0 from the Java `bowtie features` command, and frame sets."""
