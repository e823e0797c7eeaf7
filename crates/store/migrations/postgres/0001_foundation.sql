-- Foundation schema, PostgreSQL flavour.
--
-- Kept in step with ../sqlite/0001_foundation.sql: the same tables with the same
-- columns in the same order (a test compares the two); see that file for the
-- portable representations. Never edit a migration once merged; add the next
-- number to both trees instead.
--
-- Differences from SQLite, all deliberate:
--   * native UUID, TIMESTAMPTZ (microseconds), BOOLEAN, BYTEA, DOUBLE PRECISION;
--   * JSON stays TEXT, exactly as serialized, so bundles round-trip byte for byte;
--   * text columns that lists are sorted by use COLLATE "C" (byte order), so both
--     backends list rows in the same order whatever the cluster's locale is.
--
-- Every tenant table starts with agency_id and agency_id leads each of its keys,
-- so a national deployment can shard by agency (Citus). Composite foreign keys
-- (agency_id, department_id) make a row unable to point at another agency's
-- department.

-- The tenants. Not a tenant table: its id is what tenant rows refer to.
CREATE TABLE agencies (
    id                UUID    NOT NULL,
    code              TEXT    COLLATE "C" NOT NULL,
    kind              TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    district          TEXT    NOT NULL,
    province          TEXT    NOT NULL,
    website           TEXT,
    thai_digits       BOOLEAN NOT NULL,
    -- The logo is both columns or neither.
    logo_content_type TEXT,
    logo_bytes        BYTEA,
    CONSTRAINT agencies_pkey PRIMARY KEY (id),
    CONSTRAINT agencies_code_key UNIQUE (code),
    CONSTRAINT agencies_logo_check CHECK ((logo_content_type IS NULL) = (logo_bytes IS NULL))
);

CREATE TABLE departments (
    agency_id  UUID    NOT NULL,
    id         UUID    NOT NULL,
    name       TEXT    COLLATE "C" NOT NULL,
    sort_order INTEGER NOT NULL,
    CONSTRAINT departments_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT departments_agency_id_name_key UNIQUE (agency_id, name),
    CONSTRAINT departments_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id)
);

CREATE TABLE officials (
    agency_id     UUID NOT NULL,
    id            UUID NOT NULL,
    title         TEXT NOT NULL,
    first_name    TEXT COLLATE "C" NOT NULL,
    last_name     TEXT COLLATE "C" NOT NULL,
    position      TEXT NOT NULL,
    department_id UUID,
    CONSTRAINT officials_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT officials_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT officials_department_fkey FOREIGN KEY (agency_id, department_id)
        REFERENCES departments (agency_id, id)
);

-- Serves the foreign key check when a department is deleted.
CREATE INDEX officials_department_idx ON officials (agency_id, department_id);

-- Not a tenant table: a national supervisor belongs to no agency (agency_id NULL).
-- Usernames are unique across the installation and stored lower-case.
CREATE TABLE users (
    id                  UUID    NOT NULL,
    agency_id           UUID,
    username            TEXT    COLLATE "C" NOT NULL,
    display_name        TEXT    NOT NULL,
    role                TEXT    NOT NULL,
    department_id       UUID,
    supervised_province TEXT,
    -- PHC string of an Argon2id hash.
    password_hash       TEXT    NOT NULL,
    active              BOOLEAN NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_username_key UNIQUE (username),
    CONSTRAINT users_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT users_department_fkey FOREIGN KEY (agency_id, department_id)
        REFERENCES departments (agency_id, id),
    -- Without an agency the composite key above would not be checked.
    CONSTRAINT users_department_check CHECK (department_id IS NULL OR agency_id IS NOT NULL)
);

CREATE INDEX users_agency_idx ON users (agency_id, department_id);

-- Not a tenant table: found by the hash of the cookie token alone.
CREATE TABLE sessions (
    token_hash TEXT        NOT NULL,
    user_id    UUID        NOT NULL,
    csrf_token TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (token_hash),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE ita_results (
    agency_id        UUID    NOT NULL,
    fiscal_year      INTEGER NOT NULL,
    -- official | self_assessed
    source           TEXT    COLLATE "C" NOT NULL,
    -- The ScoreInput as entered; scores are computed when shown.
    input_json       TEXT    NOT NULL,
    published_total  DOUBLE PRECISION,
    published_rating TEXT,
    note             TEXT    NOT NULL,
    CONSTRAINT ita_results_pkey PRIMARY KEY (agency_id, fiscal_year, source),
    CONSTRAINT ita_results_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id)
);

CREATE TABLE frameworks (
    agency_id     UUID    NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    document_json TEXT    NOT NULL,
    CONSTRAINT frameworks_pkey PRIMARY KEY (agency_id, fiscal_year),
    CONSTRAINT frameworks_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id)
);

-- Who changed what, when, with the values before and after. agency_id leads, but
-- it is NULL for installation-wide changes (national supervisor accounts), so the
-- key is id alone. user_id has no foreign key on purpose: the trail is history and
-- must outlive, and travel in bundles without, what it names.
CREATE TABLE audit_log (
    agency_id   UUID,
    id          UUID        NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    user_id     UUID,
    entity      TEXT        NOT NULL,
    entity_id   TEXT        NOT NULL,
    -- create | update | delete
    action      TEXT        NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id),
    CONSTRAINT audit_log_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id)
);

-- The audit page lists one agency's newest changes first.
CREATE INDEX audit_log_agency_at_idx ON audit_log (agency_id, at, id);
