-- The schema helpgen wrote before its store package (helpgen/feedback/store.py at 471fc04),
-- verbatim: schema 1, then schema 2, and meta.schema_version 2.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS votes (
            id INTEGER PRIMARY KEY,
            vote_key TEXT UNIQUE,          -- the browser's random vote id: a changed vote replaces it
            article TEXT NOT NULL,         -- article id
            helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
            reason TEXT,
            comment TEXT,
            created TEXT NOT NULL          -- UTC, ISO 8601
        );
        CREATE INDEX IF NOT EXISTS votes_article ON votes (article);
        CREATE INDEX IF NOT EXISTS votes_created ON votes (created);
        CREATE TABLE IF NOT EXISTS searches (
            id INTEGER PRIMARY KEY,
            query TEXT NOT NULL,
            results INTEGER NOT NULL,
            created TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS searches_created ON searches (created);
        CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL,            -- view, search_click, contact_click
            created TEXT NOT NULL,         -- UTC, ISO 8601
            visitor TEXT,                  -- the day's salted hash of address and user agent, never either
            article TEXT,                  -- article id: the page viewed, the result followed, the page contacted from
            query TEXT,                    -- search_click: the query whose result was followed
            rank INTEGER,                  -- search_click: 1-based position of that result
            source TEXT NOT NULL           -- server, page, search, instant, widget
        );
        CREATE INDEX IF NOT EXISTS events_created ON events (created);
        CREATE TABLE IF NOT EXISTS event_days (
            day TEXT NOT NULL,
            type TEXT NOT NULL,
            article TEXT NOT NULL DEFAULT '',
            query TEXT NOT NULL DEFAULT '',
            rank INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT '',
            events INTEGER NOT NULL,
            visitors INTEGER NOT NULL,     -- distinct visitors that day: days add up to visitor-days
            PRIMARY KEY (day, type, article, query, rank, source)
        );
        CREATE TABLE IF NOT EXISTS visit_days (
            day TEXT PRIMARY KEY,
            visits INTEGER NOT NULL,       -- visitors who read an article or clicked a contact option
            readers INTEGER NOT NULL,      -- of those, visitors who read an article
            self_served INTEGER NOT NULL   -- of those, visitors who read articles and clicked no contact option
        );
        ALTER TABLE searches ADD COLUMN source TEXT NOT NULL DEFAULT 'api'
;
INSERT OR REPLACE INTO meta VALUES ('schema_version', '2');
