-- One counter, advanced in the same transaction as every write of a project, firmware type,
-- firmware image or bundle: what check-ins decide on besides the device. Each instance reads it at
-- most every CHECK_IN_CACHE_SECONDS and forgets its remembered catalogue when it moved, so the
-- catalogue is looked up again only after a change, however long the fleet keeps polling.
CREATE TABLE catalog_epoch (
    id    INTEGER NOT NULL,
    epoch BIGINT  NOT NULL,
    CONSTRAINT catalog_epoch_pkey PRIMARY KEY (id),
    CONSTRAINT catalog_epoch_single_row CHECK (id = 1)
);

INSERT INTO catalog_epoch (id, epoch) VALUES (1, 0);
