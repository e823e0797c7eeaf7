-- The multi-year anti-corruption action plan, PostgreSQL flavour: the plan's
-- header, its dimensions, missions and projects, each project's budget per fiscal
-- year, and the follow-up of each project per fiscal year and round.
--
-- Kept in step with ../sqlite/0004_action_plans.sql (a test compares the two);
-- the differences from SQLite are those of 0001_foundation.sql, and dates are
-- DATE. The introduction and the targets are document text, and a project's
-- lists (objectives, methods, outputs, outcomes, indicators) are kept in order as
-- JSON text. The owner department is a column of its own, so a composite foreign
-- key refuses another agency's department and a department that owns a project
-- cannot be deleted.
--
-- Positions are 1..n within the plan (dimensions), a dimension (missions), a
-- mission (projects) and a project (budgets); the store writes them contiguous.
-- Saving a plan replaces its dimensions, missions, projects and budgets. The
-- follow-ups' foreign key to their project is checked at commit, so a project
-- that is written again in the same transaction keeps its follow-ups; one that
-- disappears with follow-ups is refused.

CREATE TABLE action_plans (
    agency_id    UUID    NOT NULL,
    id           UUID    NOT NULL,
    first_year   INTEGER NOT NULL,
    last_year    INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    preface      TEXT    NOT NULL,
    preface_date DATE,
    intro_json   TEXT    NOT NULL,
    targets_json TEXT    NOT NULL,
    -- Incremented by every save; a save naming another version is refused.
    version      BIGINT  NOT NULL CHECK (version >= 1),
    CONSTRAINT action_plans_pkey PRIMARY KEY (agency_id, id),
    CONSTRAINT action_plans_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
    CONSTRAINT action_plans_years_check CHECK (first_year <= last_year)
);

CREATE INDEX action_plans_years_idx ON action_plans (agency_id, first_year);

CREATE TABLE action_plan_dimensions (
    agency_id UUID    NOT NULL,
    plan_id   UUID    NOT NULL,
    id        UUID    NOT NULL,
    position  INTEGER NOT NULL CHECK (position >= 1),
    title     TEXT    NOT NULL,
    CONSTRAINT action_plan_dimensions_pkey PRIMARY KEY (agency_id, id),
    -- What missions refer to, so a mission's plan is its dimension's.
    CONSTRAINT action_plan_dimensions_agency_id_plan_id_id_key UNIQUE (agency_id, plan_id, id),
    CONSTRAINT action_plan_dimensions_plan_fkey FOREIGN KEY (agency_id, plan_id)
        REFERENCES action_plans (agency_id, id) ON DELETE CASCADE
);

CREATE TABLE action_plan_missions (
    agency_id    UUID    NOT NULL,
    plan_id      UUID    NOT NULL,
    dimension_id UUID    NOT NULL,
    id           UUID    NOT NULL,
    position     INTEGER NOT NULL CHECK (position >= 1),
    title        TEXT    NOT NULL,
    CONSTRAINT action_plan_missions_pkey PRIMARY KEY (agency_id, id),
    -- What projects refer to, so a project's plan is its mission's.
    CONSTRAINT action_plan_missions_agency_id_plan_id_id_key UNIQUE (agency_id, plan_id, id),
    CONSTRAINT action_plan_missions_dimension_fkey FOREIGN KEY (agency_id, plan_id, dimension_id)
        REFERENCES action_plan_dimensions (agency_id, plan_id, id) ON DELETE CASCADE
);

CREATE INDEX action_plan_missions_dimension_idx
    ON action_plan_missions (agency_id, plan_id, dimension_id, position);

CREATE TABLE action_plan_projects (
    agency_id           UUID    NOT NULL,
    plan_id             UUID    NOT NULL,
    mission_id          UUID    NOT NULL,
    id                  UUID    NOT NULL,
    position            INTEGER NOT NULL CHECK (position >= 1),
    -- project | activity | measure
    kind                TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    rationale           TEXT    NOT NULL,
    objectives_json     TEXT    NOT NULL,
    target_group        TEXT    NOT NULL,
    methods_json        TEXT    NOT NULL,
    first_year          INTEGER NOT NULL,
    last_year           INTEGER NOT NULL,
    owner_department_id UUID,
    owner_text          TEXT    NOT NULL,
    outputs_json        TEXT    NOT NULL,
    outcomes_json       TEXT    NOT NULL,
    indicators_json     TEXT    NOT NULL,
    CONSTRAINT action_plan_projects_pkey PRIMARY KEY (agency_id, id),
    -- What budgets and follow-ups refer to.
    CONSTRAINT action_plan_projects_agency_id_plan_id_id_key UNIQUE (agency_id, plan_id, id),
    CONSTRAINT action_plan_projects_mission_fkey FOREIGN KEY (agency_id, plan_id, mission_id)
        REFERENCES action_plan_missions (agency_id, plan_id, id) ON DELETE CASCADE,
    CONSTRAINT action_plan_projects_department_fkey FOREIGN KEY (agency_id, owner_department_id)
        REFERENCES departments (agency_id, id),
    CONSTRAINT action_plan_projects_kind_check CHECK (kind IN ('project', 'activity', 'measure')),
    CONSTRAINT action_plan_projects_years_check CHECK (first_year <= last_year)
);

CREATE INDEX action_plan_projects_mission_idx
    ON action_plan_projects (agency_id, plan_id, mission_id, position);
-- Serves the foreign key check when a department is deleted.
CREATE INDEX action_plan_projects_department_idx
    ON action_plan_projects (agency_id, owner_department_id);

-- One row per project and fiscal year the user entered; amount_satang NULL is
-- ไม่ใช้งบประมาณ (no budget used), which is a value of its own, not an empty cell.
CREATE TABLE action_plan_budgets (
    agency_id     UUID    NOT NULL,
    plan_id       UUID    NOT NULL,
    project_id    UUID    NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    position      INTEGER NOT NULL CHECK (position >= 1),
    amount_satang BIGINT  CHECK (amount_satang >= 0),
    CONSTRAINT action_plan_budgets_pkey PRIMARY KEY (agency_id, plan_id, project_id, fiscal_year),
    CONSTRAINT action_plan_budgets_project_fkey FOREIGN KEY (agency_id, plan_id, project_id)
        REFERENCES action_plan_projects (agency_id, plan_id, id) ON DELETE CASCADE
);

-- The follow-up of a project in one fiscal year and round; spent_satang NULL
-- when no money was spent or none is reported.
CREATE TABLE project_follow_ups (
    agency_id        UUID    NOT NULL,
    plan_id          UUID    NOT NULL,
    project_id       UUID    NOT NULL,
    fiscal_year      INTEGER NOT NULL,
    -- half_year | full_year
    round            TEXT    COLLATE "C" NOT NULL,
    -- not_started | in_progress | done
    status           TEXT    NOT NULL,
    done             TEXT    NOT NULL,
    spent_satang     BIGINT  CHECK (spent_satang >= 0),
    outputs_achieved TEXT    NOT NULL,
    problems         TEXT    NOT NULL,
    suggestions      TEXT    NOT NULL,
    version          BIGINT  NOT NULL CHECK (version >= 1),
    CONSTRAINT project_follow_ups_pkey
        PRIMARY KEY (agency_id, plan_id, project_id, fiscal_year, round),
    CONSTRAINT project_follow_ups_project_fkey FOREIGN KEY (agency_id, plan_id, project_id)
        REFERENCES action_plan_projects (agency_id, plan_id, id)
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT project_follow_ups_round_check CHECK (round IN ('half_year', 'full_year')),
    CONSTRAINT project_follow_ups_status_check
        CHECK (status IN ('not_started', 'in_progress', 'done'))
);
