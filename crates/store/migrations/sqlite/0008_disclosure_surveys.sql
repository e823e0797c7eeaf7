-- The OIT disclosure checklist, its link checks, and the agency's own surveys,
-- SQLite flavour.
--
-- Kept in step with ../postgres/0008_disclosure_surveys.sql (a test compares the
-- two); the portable representations are those of 0001_foundation.sql, and a
-- date is TEXT 'YYYY-MM-DD' as sqlx writes it [DATE].
--
-- Survey responses are anonymous by design: no account, no address, no time of
-- day, only the day of answering and at most a one-way hash of a per-device token
-- that stops one device answering a survey twice.

-- One entry per agency, fiscal year and OIT item. Links and keywords are JSON
-- lists: they are read and written with their entry, never queried on their own.
CREATE TABLE disclosure_entries (
    agency_id     BLOB    NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    item_code     TEXT    NOT NULL,
    department_id BLOB,
    links_json    TEXT    NOT NULL,
    explanation   TEXT    NOT NULL,
    keywords_json TEXT    NOT NULL,
    -- not_started | ready | submitted
    status        TEXT    NOT NULL,
    due_on        TEXT,
    version       INTEGER NOT NULL CHECK (version >= 1),
    updated_at    TEXT    NOT NULL,
    CONSTRAINT disclosure_entries_pkey PRIMARY KEY (agency_id, fiscal_year, item_code),
    CONSTRAINT disclosure_entries_agency_id_fkey FOREIGN KEY (agency_id)
        REFERENCES agencies (id),
    CONSTRAINT disclosure_entries_department_fkey FOREIGN KEY (agency_id, department_id)
        REFERENCES departments (agency_id, id),
    CONSTRAINT disclosure_entries_status_check CHECK (status IN (
        'not_started', 'ready', 'submitted'
    ))
) STRICT;

-- Serves the foreign key check when a department is deleted.
CREATE INDEX disclosure_entries_department_idx ON disclosure_entries (agency_id, department_id);

-- An agency's link-check settings; an agency without a row uses the defaults.
CREATE TABLE disclosure_settings (
    agency_id            BLOB    NOT NULL,
    -- JSON list of domain names.
    extra_domains_json   TEXT    NOT NULL,
    home_url             TEXT    NOT NULL,
    max_clicks           INTEGER NOT NULL CHECK (max_clicks >= 0),
    check_interval_hours INTEGER NOT NULL CHECK (check_interval_hours >= 0),
    keep_archive         INTEGER NOT NULL CHECK (keep_archive IN (0, 1)),
    CONSTRAINT disclosure_settings_pkey PRIMARY KEY (agency_id),
    CONSTRAINT disclosure_settings_agency_id_fkey FOREIGN KEY (agency_id)
        REFERENCES agencies (id)
) STRICT;

-- Every check of every evidence link, kept as history: what was published when
-- is the agency's evidence in an appeal. The url is as entered on the checklist.
CREATE TABLE link_checks (
    agency_id   BLOB    NOT NULL,
    id          BLOB    NOT NULL,
    fiscal_year INTEGER NOT NULL,
    url         TEXT    NOT NULL,
    checked_at  TEXT    NOT NULL,
    facts_json  TEXT    NOT NULL,
    -- working | broken | not_linked | year_not_found | keywords_not_found | refused
    verdict     TEXT    NOT NULL,
    detail_th   TEXT    NOT NULL,
    archived    INTEGER NOT NULL CHECK (archived IN (0, 1)),
    CONSTRAINT link_checks_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT link_checks_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT link_checks_verdict_check CHECK (verdict IN (
        'working', 'broken', 'not_linked', 'year_not_found', 'keywords_not_found', 'refused'
    ))
) STRICT;

-- The newest check per link of a year, and one link's history across years.
CREATE INDEX link_checks_year_idx ON link_checks (agency_id, fiscal_year, url, checked_at);
CREATE INDEX link_checks_url_idx ON link_checks (agency_id, url, checked_at);

-- The bytes a check fetched, when the agency keeps copies; apart from the
-- checks so lists of checks never read them.
CREATE TABLE link_check_archives (
    agency_id BLOB NOT NULL,
    check_id  BLOB NOT NULL,
    bytes     BLOB NOT NULL,
    CONSTRAINT link_check_archives_pkey PRIMARY KEY (agency_id, check_id),
    CONSTRAINT link_check_archives_check_fkey FOREIGN KEY (agency_id, check_id)
        REFERENCES link_checks (agency_id, id)
) STRICT;

-- A survey; the public finds it by the agency's code and public_token.
-- Satisfaction surveys carry their own questions as JSON; IIT and EIT ask the
-- year's framework questions (an empty list).
CREATE TABLE surveys (
    agency_id      BLOB    NOT NULL,
    id             BLOB    NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    -- iit | eit | satisfaction
    kind           TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    public_token   TEXT    NOT NULL,
    -- open | closed
    status         TEXT    NOT NULL,
    population     INTEGER CHECK (population >= 0),
    sample_percent INTEGER NOT NULL CHECK (sample_percent >= 0),
    sample_minimum INTEGER NOT NULL CHECK (sample_minimum >= 0),
    sample_maximum INTEGER NOT NULL CHECK (sample_maximum >= 0),
    closes_on      TEXT,
    questions_json TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    CONSTRAINT surveys_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT surveys_agency_id_public_token_key UNIQUE (agency_id, public_token),
    CONSTRAINT surveys_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT surveys_kind_check CHECK (kind IN ('iit', 'eit', 'satisfaction')),
    CONSTRAINT surveys_status_check CHECK (status IN ('open', 'closed'))
) STRICT;

-- One anonymous answer sheet. device_hash is NULL when the device sent no token;
-- both backends let any number of NULLs past the unique key.
CREATE TABLE survey_responses (
    agency_id    BLOB NOT NULL,
    survey_id    BLOB NOT NULL,
    id           BLOB NOT NULL,
    submitted_on TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    -- SHA-256 (hex) of the survey id and the device token.
    device_hash  TEXT,
    CONSTRAINT survey_responses_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT survey_responses_agency_id_survey_id_device_hash_key
        UNIQUE (agency_id, survey_id, device_hash),
    CONSTRAINT survey_responses_survey_fkey FOREIGN KEY (agency_id, survey_id)
        REFERENCES surveys (agency_id, id)
) STRICT;
