-- Settings of the whole installation rather than of one agency, PostgreSQL
-- flavour.
--
-- Kept in step with ../sqlite/0009_installation.sql (a test compares the two).
-- No agency owns these settings, so the table has no agency_id; its one row
-- (id 1) is written by the installation's operator from the command line.

CREATE TABLE installation_settings (
    id         INTEGER NOT NULL,
    -- The ครุฑ printed on every agency's orders and memos, as PNG (decoded and
    -- checked when the operator set it); NULL until set.
    emblem_png BYTEA,
    CONSTRAINT installation_settings_pkey PRIMARY KEY (id),
    CONSTRAINT installation_settings_id_check CHECK (id = 1)
);
