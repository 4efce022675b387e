/* @name EventsPage */
-- Browsing, newest first (the events_listing index gives the order). The filter's CTE is inlined in both
-- places it is used, and the total's row comes back even when the page is empty (with a null id, hence "id?"):
-- one round trip for both.
-- SearchEventsPage applies the same filter; change them together.
with matching as not materialized (
  select e.id, e.created_at
  from events e
  where (:includeArchived! or e.is_active)
    and (:category::text is null or e.category = :category::text)
    and (:genre::text is null or lower(:genre::text) = any (select lower(g) from unnest(e.genres) g))
    and (:language::text is null or lower(e.language) = lower(:language::text))
    and (:text::text is null
         or e.search_vector @@ (websearch_to_tsquery('simple', :text::text)
                                || websearch_to_tsquery('english', :text::text)))
    and (not :showsFilter! or exists (
      select 1 from shows s
      where s.event_id = e.id and s.status = 'SCHEDULED'
        and (:city::text is null or lower(s.city) = lower(:city::text))
        and s.starts_at >= :from!::timestamptz and (:to::timestamptz is null or s.starts_at < :to::timestamptz)))
)
select total.count as "total!", e.id as "id?", e.title, e.description, e.category, e.genres, e.duration_minutes,
  e.rating, e.language, e.release_date, e.poster_url, e.trailer_url, e.is_active, e.created_at, e.updated_at
from (select count(*)::int as count from matching) total
left join lateral (
  select m.id, m.created_at from matching m
  where :afterId::uuid is null or (m.created_at, m.id) < (:afterCreatedAt::timestamptz, :afterId::uuid)
  order by m.created_at desc, m.id desc
  limit :limit!
) page on true
left join events e on e.id = page.id
order by page.created_at desc, page.id desc;

/* @name SetTypoTolerance */
-- How close a misspelling may be (pg_trgm word similarity) and still match, for this transaction.
select set_config('pg_trgm.word_similarity_threshold', :threshold!::text, true);

/* @name SearchEventsPage */
-- Ranked search: full-text rank on title (A), genres and language (B) and description (C), plus trigram word
-- similarity on the title so misspellings still find it (both GIN-indexed); pages by (score, id). Same filter as
-- EventsPage, and like it one round trip for the page and the total.
with q as (
  select websearch_to_tsquery('simple', :search!::text) || websearch_to_tsquery('english', :search!::text) as fts,
    :search!::text as raw
), matching as not materialized (
  select e.id, round((ts_rank(e.search_vector, q.fts) + word_similarity(q.raw, lower(e.title)))::numeric, 6) as score
  from events e, q
  where (e.search_vector @@ q.fts or q.raw <% lower(e.title))
    and (:includeArchived! or e.is_active)
    and (:category::text is null or e.category = :category::text)
    and (:genre::text is null or lower(:genre::text) = any (select lower(g) from unnest(e.genres) g))
    and (:language::text is null or lower(e.language) = lower(:language::text))
    and (:text::text is null
         or e.search_vector @@ (websearch_to_tsquery('simple', :text::text)
                                || websearch_to_tsquery('english', :text::text)))
    and (not :showsFilter! or exists (
      select 1 from shows s
      where s.event_id = e.id and s.status = 'SCHEDULED'
        and (:city::text is null or lower(s.city) = lower(:city::text))
        and s.starts_at >= :from!::timestamptz and (:to::timestamptz is null or s.starts_at < :to::timestamptz)))
)
select total.count as "total!", page.score, e.id as "id?", e.title, e.description, e.category, e.genres,
  e.duration_minutes, e.rating, e.language, e.release_date, e.poster_url, e.trailer_url, e.is_active, e.created_at,
  e.updated_at
from (select count(*)::int as count from matching) total
left join lateral (
  select m.id, m.score from matching m
  where :afterId::uuid is null or (m.score, m.id) < (:afterScore::numeric, :afterId::uuid)
  order by m.score desc, m.id desc
  limit :limit!
) page on true
left join events e on e.id = page.id
order by page.score desc, page.id desc;
