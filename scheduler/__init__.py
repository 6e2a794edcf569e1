"""APScheduler set-up and the jobs (deadline sweep, reminder dispatch, digests)."""
