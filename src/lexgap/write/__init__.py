"""Writing codes out: one module per output format (JSON, outline, Akoma Ntoso)."""
