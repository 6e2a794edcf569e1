"""The state machines and the operations that move entities through them."""
