"""Requests whose writes are undone: the app's session joins one outer transaction on one
connection, each request runs under a savepoint rolled back after it, so a post the app
accepts leaves the world as it was for the next one (on SQLite and PostgreSQL alike)."""
from contextlib import contextmanager


class Undone:
    def __init__(self, connection):
        self.connection = connection

    @contextmanager
    def step(self):
        """Everything inside (one request) is rolled back when it ends."""
        savepoint = self.connection.begin_nested()
        try:
            yield
        finally:
            if savepoint.is_active:
                savepoint.rollback()


@contextmanager
def undone(db):
    """The app's default engine replaced by one connection in a transaction never
    committed; its session commits by releasing a savepoint of its own."""
    engines = db.engines  # the app's {bind key: engine}, as Flask-SQLAlchemy reads it
    engine = engines[None]
    connection = engine.connect()
    outer = connection.begin()
    factory = db.session.session_factory
    kept = dict(factory.kw)
    db.session.remove()
    engines[None] = connection
    factory.kw["join_transaction_mode"] = "create_savepoint"
    try:
        yield Undone(connection)
    finally:
        db.session.remove()
        engines[None] = engine
        factory.kw.clear()
        factory.kw.update(kept)
        outer.rollback()
        connection.close()
