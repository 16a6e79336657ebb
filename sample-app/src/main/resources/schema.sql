-- The remote authority: one row per service per node. Portable SQL (H2 and PostgreSQL); run at every start
-- (spring.sql.init.mode=always), so it only creates what is missing.
CREATE TABLE IF NOT EXISTS catalog (
    node_id      VARCHAR(64)  NOT NULL,
    service_id   VARCHAR(128) NOT NULL,
    service_name VARCHAR(128) NOT NULL,
    address      VARCHAR(128) NOT NULL,
    port         INTEGER      NOT NULL,
    tags         VARCHAR(512) NOT NULL,
    synced_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (node_id, service_id)
);
