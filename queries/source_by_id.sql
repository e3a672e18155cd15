-- One source with its public face, for an exhibit that cites a source without citing one of its figures (the
-- services page's menu of Ningxia's service packages cites the bulletin that describes them).
-- @param source_id S001
SELECT source_id, title AS source_title, title_en AS source_title_en, publisher, publisher_en, published, url
FROM sources WHERE source_id = $source_id;
