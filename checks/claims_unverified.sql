-- name: claims_unverified
-- description: amounts the sources state that no table in the package can verify, each with the reason (recorded, not dropped)
-- severity: warning
--
-- A warning by design: these claims are published in the claims resource with
-- unverifiable_because. A claim with neither tables nor a reason fails claims_hold.
SELECT format('{}:{}: claim {} "{}" cannot be checked: {}', s.path, c.line, c.claim_id, c.quote,
              coalesce(c.unverifiable_because, 'NO REASON RECORDED')) AS problem,
       c.claim_id, s.path, c.line, c.quote, c.value_sek, c.unverifiable_because
FROM claims c LEFT JOIN sources s ON s.source_id = c.source_id
WHERE c.table_ids IS NULL
ORDER BY c.claim_id
