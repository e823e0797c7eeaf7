-- The integrity-measures cycle of a fiscal year, SQLite flavour: the plan (topics
-- and their measures), the progress reported per measure and round with its
-- evidence, the executive's approval that locks a round, and the memo that sends
-- the plan to the departments.
--
-- Kept in step with ../postgres/0003_measures.sql (a test compares the two); the
-- portable representations are those of 0001_foundation.sql. Lists a measure
-- carries (indicators, steps, owner positions, targets, the timeframe) are JSON
-- text kept exactly as serialized; the departments that own a measure are rows of
-- their own, so a composite foreign key can refuse another agency's department.
--
-- Positions are 1..n within a fiscal year (topics) or a topic (measures); the
-- store keeps them contiguous. They carry no unique key: a swap would break it
-- half-way through on SQLite, which checks uniqueness row by row.

CREATE TABLE measure_topics (
    agency_id   BLOB    NOT NULL,
    id          BLOB    NOT NULL,
    fiscal_year INTEGER NOT NULL,
    position    INTEGER NOT NULL CHECK (position >= 1),
    title       TEXT    NOT NULL,
    -- The catalogue entry it came from (indicator:3, instrument:IIT, annual:4).
    catalog_key TEXT,
    CONSTRAINT measure_topics_pkey PRIMARY KEY (agency_id, id),
    -- What measures refer to, so a measure's fiscal year is its topic's.
    CONSTRAINT measure_topics_agency_id_id_fiscal_year_key UNIQUE (agency_id, id, fiscal_year),
    CONSTRAINT measure_topics_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id)
) STRICT;

CREATE INDEX measure_topics_year_idx ON measure_topics (agency_id, fiscal_year, position);

CREATE TABLE measures (
    agency_id            BLOB    NOT NULL,
    id                   BLOB    NOT NULL,
    fiscal_year          INTEGER NOT NULL,
    topic_id             BLOB    NOT NULL,
    position             INTEGER NOT NULL CHECK (position >= 1),
    title                TEXT    NOT NULL,
    indicators_json      TEXT    NOT NULL,
    weakness             TEXT    NOT NULL,
    improvement          TEXT    NOT NULL,
    steps_json           TEXT    NOT NULL,
    timeframe_json       TEXT    NOT NULL,
    owner_positions_json TEXT    NOT NULL,
    monitoring           TEXT    NOT NULL,
    reporting            TEXT    NOT NULL,
    targets_json         TEXT    NOT NULL,
    -- Incremented by every update; an update naming another version is refused.
    version              INTEGER NOT NULL CHECK (version >= 1),
    CONSTRAINT measures_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT measures_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT measures_topic_fkey FOREIGN KEY (agency_id, topic_id, fiscal_year)
        REFERENCES measure_topics (agency_id, id, fiscal_year)
) STRICT;

CREATE INDEX measures_topic_idx ON measures (agency_id, topic_id, position);
CREATE INDEX measures_year_idx ON measures (agency_id, fiscal_year);

-- The departments that own a measure, in the order the user listed them.
CREATE TABLE measure_owner_departments (
    agency_id     BLOB    NOT NULL,
    measure_id    BLOB    NOT NULL,
    position      INTEGER NOT NULL CHECK (position >= 1),
    department_id BLOB    NOT NULL,
    CONSTRAINT measure_owner_departments_pkey PRIMARY KEY (agency_id, measure_id, position),
    CONSTRAINT measure_owner_departments_measure_fkey FOREIGN KEY (agency_id, measure_id)
        REFERENCES measures (agency_id, id) ON DELETE CASCADE,
    CONSTRAINT measure_owner_departments_department_fkey FOREIGN KEY (agency_id, department_id)
        REFERENCES departments (agency_id, id)
) STRICT;

-- Serves the foreign key check when a department is deleted.
CREATE INDEX measure_owner_departments_department_idx
    ON measure_owner_departments (agency_id, department_id);

-- One row per measure and round. updated_by has no foreign key, like the audit
-- log's user_id: it is history and travels in bundles without what it names.
CREATE TABLE measure_progress (
    agency_id     BLOB    NOT NULL,
    measure_id    BLOB    NOT NULL,
    -- half_year | full_year
    round         TEXT    NOT NULL,
    -- not_started | in_progress | done
    status        TEXT    NOT NULL,
    summary       TEXT    NOT NULL,
    outcome       TEXT    NOT NULL,
    achieved_json TEXT    NOT NULL,
    links_json    TEXT    NOT NULL,
    updated_by    BLOB,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    CONSTRAINT measure_progress_pkey PRIMARY KEY (agency_id, measure_id, round),
    CONSTRAINT measure_progress_measure_fkey FOREIGN KEY (agency_id, measure_id)
        REFERENCES measures (agency_id, id),
    CONSTRAINT measure_progress_round_check CHECK (round IN ('half_year', 'full_year')),
    CONSTRAINT measure_progress_status_check
        CHECK (status IN ('not_started', 'in_progress', 'done'))
) STRICT;

-- The rows of uploaded evidence; the bytes are files under the data directory,
-- named by id.
CREATE TABLE evidence_files (
    agency_id   BLOB    NOT NULL,
    id          BLOB    NOT NULL,
    measure_id  BLOB    NOT NULL,
    round       TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0),
    -- Hex SHA-256 of the bytes.
    sha256      TEXT    NOT NULL,
    uploaded_by BLOB,
    uploaded_at TEXT    NOT NULL,
    CONSTRAINT evidence_files_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT evidence_files_measure_fkey FOREIGN KEY (agency_id, measure_id)
        REFERENCES measures (agency_id, id),
    CONSTRAINT evidence_files_round_check CHECK (round IN ('half_year', 'full_year')),
    CONSTRAINT evidence_files_kind_check
        CHECK (kind IN ('pdf', 'png', 'jpeg', 'office_open_xml', 'office_legacy'))
) STRICT;

CREATE INDEX evidence_files_measure_idx ON evidence_files (agency_id, measure_id, round);

-- While a row exists, the progress and evidence of that round cannot change.
CREATE TABLE round_approvals (
    agency_id   BLOB    NOT NULL,
    fiscal_year INTEGER NOT NULL,
    round       TEXT    NOT NULL,
    approved_by BLOB,
    approved_at TEXT    NOT NULL,
    CONSTRAINT round_approvals_pkey PRIMARY KEY (agency_id, fiscal_year, round),
    CONSTRAINT round_approvals_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT round_approvals_round_check CHECK (round IN ('half_year', 'full_year'))
) STRICT;

-- The memo's fields as JSON (signer and acknowledgers are officials named by id,
-- kept like the rest of the memo's text).
CREATE TABLE plan_memos (
    agency_id   BLOB    NOT NULL,
    fiscal_year INTEGER NOT NULL,
    memo_json   TEXT    NOT NULL,
    CONSTRAINT plan_memos_pkey PRIMARY KEY (agency_id, fiscal_year),
    CONSTRAINT plan_memos_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id)
) STRICT;
