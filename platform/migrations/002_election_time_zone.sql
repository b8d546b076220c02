-- The election's IANA time zone (from the station's definition, via the load file): the letters show
-- the voting times in it, and a ballot's day (urn.ballot.cast_on) is the day in that zone. Platforms
-- loaded before it existed were metropolitan: Europe/Paris.
ALTER TABLE platform.election ADD COLUMN time_zone text NOT NULL DEFAULT 'Europe/Paris';
