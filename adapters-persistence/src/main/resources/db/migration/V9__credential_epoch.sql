-- One counter, advanced in the same transaction as every change that can make a remembered
-- credential wrong (a project key revoked, a device key rotated, a device changed or deleted).
-- Each instance reads it at most every CREDENTIAL_CACHE_SECONDS and forgets what it remembers
-- when it moved: the bound on how long such a change takes to reach every instance.
CREATE TABLE credential_epoch (
    id    INTEGER NOT NULL,
    epoch BIGINT  NOT NULL,
    CONSTRAINT credential_epoch_pkey PRIMARY KEY (id),
    CONSTRAINT credential_epoch_single_row CHECK (id = 1)
);

INSERT INTO credential_epoch (id, epoch) VALUES (1, 0);
