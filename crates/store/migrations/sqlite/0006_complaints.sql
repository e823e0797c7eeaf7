-- Complaints and corruption reports, SQLite flavour.
--
-- Kept in step with ../postgres/0006_complaints.sql (a test compares the two);
-- the portable representations are those of 0001_foundation.sql, and a date is
-- TEXT 'YYYY-MM-DD' as sqlx writes it [DATE].
--
-- Both kinds of case share the tables; what protects a corruption report is what
-- is not here: the reporter's identity and contact exist only sealed with a key
-- kept outside the database (contact_sealed), the tracking code only as its hash,
-- and no request metadata (address, browser) of any kind. Purging a report after
-- its retention period empties its text and contact and deletes its messages and
-- files, but keeps the row, so the statistics already published stay true.

-- An agency's settings; an agency without a row uses the defaults of the code.
CREATE TABLE complaint_settings (
    agency_id                     BLOB    NOT NULL,
    deadline_days                 INTEGER NOT NULL CHECK (deadline_days >= 1),
    reminder_days                 INTEGER NOT NULL CHECK (reminder_days >= 0),
    small_count_threshold         INTEGER NOT NULL CHECK (small_count_threshold >= 1),
    retention_days                INTEGER NOT NULL CHECK (retention_days >= 1),
    -- JSON lists of e-mail addresses.
    notify_emails_json            TEXT    NOT NULL,
    corruption_notify_emails_json TEXT    NOT NULL,
    CONSTRAINT complaint_settings_pkey PRIMARY KEY (agency_id),
    CONSTRAINT complaint_settings_agency_id_fkey FOREIGN KEY (agency_id)
        REFERENCES agencies (id)
) STRICT;

-- The users who may open corruption reports, whatever their role. When and by
-- whom a grant was made is in the audit log.
CREATE TABLE corruption_handlers (
    agency_id BLOB NOT NULL,
    user_id   BLOB NOT NULL,
    CONSTRAINT corruption_handlers_pkey PRIMARY KEY (agency_id, user_id),
    CONSTRAINT corruption_handlers_agency_id_fkey FOREIGN KEY (agency_id)
        REFERENCES agencies (id),
    CONSTRAINT corruption_handlers_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) STRICT;

-- The last running number given per agency, fiscal year and kind (ร. 12/2568);
-- bumped in the transaction that stores the case, so numbers never repeat.
CREATE TABLE case_counters (
    agency_id   BLOB    NOT NULL,
    fiscal_year INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    last_number INTEGER NOT NULL CHECK (last_number >= 1),
    CONSTRAINT case_counters_pkey PRIMARY KEY (agency_id, fiscal_year, kind),
    CONSTRAINT case_counters_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id)
) STRICT;

CREATE TABLE cases (
    agency_id      BLOB    NOT NULL,
    id             BLOB    NOT NULL,
    -- complaint | corruption
    kind           TEXT    NOT NULL,
    -- online | telephone | letter | walk_in | facebook | line | email | other
    channel        TEXT    NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    number         INTEGER NOT NULL CHECK (number >= 1),
    -- SHA-256 (hex) of the tracking code.
    code_hash      TEXT    NOT NULL,
    -- received | screening | assigned | in_progress | resolved | rejected
    -- | forwarded | closed
    status         TEXT    NOT NULL,
    subject        TEXT    NOT NULL,
    details        TEXT    NOT NULL,
    place          TEXT    NOT NULL,
    -- The reporter's contact sealed with the agency key; NULL when anonymous.
    contact_sealed BLOB,
    consent        INTEGER NOT NULL CHECK (consent IN (0, 1)),
    received_at    TEXT    NOT NULL,
    due_on         TEXT    NOT NULL,
    department_id  BLOB,
    outcome_note   TEXT    NOT NULL,
    answered_at    TEXT,
    first_reply_at TEXT,
    closed_at      TEXT,
    purged_at      TEXT,
    version        INTEGER NOT NULL CHECK (version >= 1),
    CONSTRAINT cases_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT cases_agency_id_code_hash_key UNIQUE (agency_id, code_hash),
    CONSTRAINT cases_agency_id_kind_fiscal_year_number_key
        UNIQUE (agency_id, kind, fiscal_year, number),
    CONSTRAINT cases_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT cases_department_fkey FOREIGN KEY (agency_id, department_id)
        REFERENCES departments (agency_id, id),
    CONSTRAINT cases_kind_check CHECK (kind IN ('complaint', 'corruption')),
    CONSTRAINT cases_channel_check CHECK (channel IN (
        'online', 'telephone', 'letter', 'walk_in', 'facebook', 'line', 'email', 'other'
    )),
    CONSTRAINT cases_status_check CHECK (status IN (
        'received', 'screening', 'assigned', 'in_progress', 'resolved', 'rejected',
        'forwarded', 'closed'
    ))
) STRICT;

-- Lists of one kind, newest first.
CREATE INDEX cases_list_idx ON cases (agency_id, kind, received_at);
-- Serves the foreign key check when a department is deleted.
CREATE INDEX cases_department_idx ON cases (agency_id, department_id);

-- Messages on a case: the reporter's (author_kind 'reporter', no user) and
-- staff's, each a public reply or an internal note.
CREATE TABLE case_messages (
    agency_id      BLOB NOT NULL,
    case_id        BLOB NOT NULL,
    id             BLOB NOT NULL,
    at             TEXT NOT NULL,
    -- reporter | staff
    author_kind    TEXT NOT NULL,
    author_user_id BLOB,
    -- public | internal
    visibility     TEXT NOT NULL,
    body           TEXT NOT NULL,
    CONSTRAINT case_messages_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT case_messages_case_fkey FOREIGN KEY (agency_id, case_id)
        REFERENCES cases (agency_id, id),
    CONSTRAINT case_messages_author_user_id_fkey FOREIGN KEY (author_user_id)
        REFERENCES users (id),
    CONSTRAINT case_messages_author_check CHECK (
        author_kind IN ('reporter', 'staff')
        AND (author_kind = 'staff') = (author_user_id IS NOT NULL)
    ),
    CONSTRAINT case_messages_visibility_check CHECK (visibility IN ('public', 'internal'))
) STRICT;

CREATE INDEX case_messages_case_idx ON case_messages (agency_id, case_id, at);

-- The rows of a case's files; the bytes are sealed files under the data
-- directory, named by id.
CREATE TABLE case_attachments (
    agency_id     BLOB    NOT NULL,
    case_id       BLOB    NOT NULL,
    id            BLOB    NOT NULL,
    file_name     TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size_bytes    INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256        TEXT    NOT NULL,
    uploaded_at   TEXT    NOT NULL,
    from_reporter INTEGER NOT NULL CHECK (from_reporter IN (0, 1)),
    CONSTRAINT case_attachments_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT case_attachments_case_fkey FOREIGN KEY (agency_id, case_id)
        REFERENCES cases (agency_id, id)
) STRICT;

CREATE INDEX case_attachments_case_idx ON case_attachments (agency_id, case_id);

-- Which e-mails about a case went out (received, reminders), so each is sent once
-- however often the housekeeping runs.
CREATE TABLE case_notifications (
    agency_id BLOB NOT NULL,
    case_id   BLOB NOT NULL,
    kind      TEXT NOT NULL,
    sent_at   TEXT NOT NULL,
    CONSTRAINT case_notifications_pkey PRIMARY KEY (agency_id, case_id, kind),
    CONSTRAINT case_notifications_case_fkey FOREIGN KEY (agency_id, case_id)
        REFERENCES cases (agency_id, id)
) STRICT;
