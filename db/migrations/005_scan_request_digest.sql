-- The digest of each scan request's body (issue 15, item 4): a requestId sent again with another
-- body (another barcode, defect, flag) is refused instead of being answered with the first scan's
-- verdict. NULL for scans recorded before; those are compared on their stored barcode.
ALTER TABLE scan ADD COLUMN request_sha256 text;
