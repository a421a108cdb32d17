-- Firmament schema, version 1.
--
-- One script for H2 2.x and PostgreSQL 15+: it uses only types, constraints and functions that
-- both understand, and unquoted names, which both fold consistently for Hibernate's unquoted SQL.
-- Limits repeat the domain's (FirmwareVersion, FirmwareTypeName, StoredBinary, ExternalUrl), so a
-- row written by anything other than Firmament still cannot hold what the domain would refuse.

CREATE TABLE project (
    id              BIGINT                      NOT NULL,
    name            VARCHAR(200)                NOT NULL,
    public_ota      BOOLEAN                     NOT NULL,
    default_channel VARCHAR(128)                NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    row_version     BIGINT                      NOT NULL,
    CONSTRAINT project_pkey PRIMARY KEY (id),
    CONSTRAINT project_id_positive CHECK (id > 0),
    CONSTRAINT project_name_length CHECK (CHAR_LENGTH(name) BETWEEN 1 AND 200),
    CONSTRAINT project_default_channel_length CHECK (CHAR_LENGTH(default_channel) BETWEEN 1 AND 128)
);

-- A single-tenant deployment never creates a project: it uses this one (ProjectId.DEFAULT).
INSERT INTO project (id, name, public_ota, default_channel, created_at, row_version)
VALUES (1, 'Default project', FALSE, 'stable', CURRENT_TIMESTAMP, 0);

CREATE TABLE firmware_type (
    project_id     BIGINT                      NOT NULL,
    name           VARCHAR(128)                NOT NULL,
    version_scheme VARCHAR(16)                 NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT firmware_type_pkey PRIMARY KEY (project_id, name),
    CONSTRAINT firmware_type_project_fkey FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT firmware_type_name_length CHECK (CHAR_LENGTH(name) BETWEEN 1 AND 128),
    CONSTRAINT firmware_type_version_scheme_known CHECK (version_scheme IN ('SEMANTIC', 'NUMERIC', 'OPAQUE'))
);

CREATE TABLE firmware_image (
    id            UUID                        NOT NULL,
    project_id    BIGINT                      NOT NULL,
    type_name     VARCHAR(128)                NOT NULL,
    version       VARCHAR(128)                NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    artifact_kind VARCHAR(8),
    binary_key    VARCHAR(128),
    filename      VARCHAR(255),
    size_bytes    BIGINT,
    sha1          VARCHAR(40),
    sha256        VARCHAR(64),
    external_url  VARCHAR(2048),
    row_version   BIGINT                      NOT NULL,
    CONSTRAINT firmware_image_pkey PRIMARY KEY (id),
    -- The adapter recognises this name to report a DuplicateVersionException; a seed API quotes it.
    CONSTRAINT firmware_type_version_key UNIQUE (project_id, type_name, version),
    -- No cascade: deleting a type must not silently drop images whose binaries still need releasing.
    CONSTRAINT firmware_image_type_fkey FOREIGN KEY (project_id, type_name)
        REFERENCES firmware_type (project_id, name),
    CONSTRAINT firmware_image_version_length CHECK (CHAR_LENGTH(version) BETWEEN 1 AND 128),
    CONSTRAINT firmware_image_artifact_kind_known CHECK (artifact_kind IN ('STORED', 'EXTERNAL')),
    CONSTRAINT firmware_image_binary_key_length CHECK (CHAR_LENGTH(binary_key) BETWEEN 1 AND 128),
    CONSTRAINT firmware_image_filename_length CHECK (CHAR_LENGTH(filename) BETWEEN 1 AND 255),
    CONSTRAINT firmware_image_size_not_negative CHECK (size_bytes >= 0),
    CONSTRAINT firmware_image_sha1_length CHECK (CHAR_LENGTH(sha1) = 40),
    CONSTRAINT firmware_image_sha256_length CHECK (CHAR_LENGTH(sha256) = 64),
    CONSTRAINT firmware_image_external_url_length CHECK (CHAR_LENGTH(external_url) BETWEEN 1 AND 2048),
    -- The columns of the sealed Artifact: all of one variant's columns, or none at all.
    CONSTRAINT firmware_image_artifact_complete CHECK (
        (artifact_kind IS NULL
            AND binary_key IS NULL AND filename IS NULL AND size_bytes IS NULL
            AND sha1 IS NULL AND sha256 IS NULL AND external_url IS NULL)
        OR (artifact_kind = 'STORED'
            AND binary_key IS NOT NULL AND filename IS NOT NULL AND size_bytes IS NOT NULL
            AND sha1 IS NOT NULL AND sha256 IS NOT NULL AND external_url IS NULL)
        OR (artifact_kind = 'EXTERNAL'
            AND binary_key IS NULL AND filename IS NULL AND size_bytes IS NULL
            AND sha1 IS NULL AND sha256 IS NULL AND external_url IS NOT NULL))
);

-- The orphan sweep asks, per stored binary, whether any image still refers to it.
CREATE INDEX firmware_image_binary_key_idx ON firmware_image (binary_key);
-- Listings are per project, oldest first.
CREATE INDEX firmware_image_project_created_idx ON firmware_image (project_id, created_at, id);

-- Exactly one row at most: the SHA-256 of the admin token generated at first start. The fixed
-- key makes two instances starting together collide on insert instead of both storing a token.
CREATE TABLE admin_credential (
    id           INTEGER     NOT NULL,
    token_sha256 VARCHAR(64) NOT NULL,
    CONSTRAINT admin_credential_pkey PRIMARY KEY (id),
    CONSTRAINT admin_credential_single_row CHECK (id = 1),
    CONSTRAINT admin_credential_token_length CHECK (CHAR_LENGTH(token_sha256) = 64)
);
