-- Project API keys: a name, a role, and the SHA-256 of the secret (shown once at creation, never
-- stored). Deleting a key revokes it; deleting a project deletes its keys.

CREATE TABLE api_key (
    id             VARCHAR(128)                NOT NULL,
    project_id     BIGINT                      NOT NULL,
    name           VARCHAR(200)                NOT NULL,
    role           VARCHAR(8)                  NOT NULL,
    secret_sha256  CHAR(64)                    NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT api_key_pkey PRIMARY KEY (id),
    CONSTRAINT api_key_project_fkey FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
    -- Every request with a key looks it up by this column.
    CONSTRAINT api_key_secret_sha256_key UNIQUE (secret_sha256),
    CONSTRAINT api_key_name_length CHECK (CHAR_LENGTH(name) BETWEEN 1 AND 200),
    CONSTRAINT api_key_role_known CHECK (role IN ('READ', 'WRITE')),
    CONSTRAINT api_key_secret_sha256_length CHECK (CHAR_LENGTH(secret_sha256) = 64)
);

CREATE INDEX api_key_project_created_idx ON api_key (project_id, created_at, id);
