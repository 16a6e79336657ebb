-- The rehearsal's remote authority. node_rows: every node's rows (node ids below 1000000 are the fleet host's
-- nodes, from 1000001 the node applications'). sync_log: one row per committed sync, stamped by PostgreSQL's own
-- clock: the load is counted from these timestamps, at the server.
CREATE TABLE IF NOT EXISTS node_rows (
    node_id integer NOT NULL,
    key     integer NOT NULL,
    value   bigint  NOT NULL,
    PRIMARY KEY (node_id, key)
);
CREATE TABLE IF NOT EXISTS sync_log (
    node_id integer     NOT NULL,
    kind    char(1)     NOT NULL,   -- f: full sync, c: partial sync (changes)
    at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS sync_log_at ON sync_log (at);
