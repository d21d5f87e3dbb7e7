-- Sessions of people signed in to the web console with an API key. Only the SHA-256 of the
-- session cookie is stored; the CSRF token every console form carries belongs to the session.

create table console_session (
    token_hash   text primary key,
    key_id       text        not null,
    name         text        not null,
    role         text        not null,
    csrf_token   text        not null,
    created_at   timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at   timestamptz not null
);
create index console_session_by_expiry on console_session (expires_at);
