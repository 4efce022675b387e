/* @name RecordTokenRevocation */
insert into token_revocations (user_id, token_version, expires_at)
values (:userId!, :tokenVersion!, now() + make_interval(secs => :lifetimeSeconds!));

/* @name ClaimUnsentRevocations */
-- Several processes skip each other's rows; a row is marked sent only once the store took it.
select seq, user_id, token_version, expires_at from token_revocations
where published_at is null
order by seq
limit 100
for update skip locked;

/* @name MarkRevocationsSent */
update token_revocations set published_at = now() where seq = any(:seqs!);

/* @name RevocationsInForce */
select seq, user_id, token_version, expires_at from token_revocations
where published_at is not null and expires_at > now();

/* @name DeleteExpiredRevocations */
delete from token_revocations where published_at is not null and expires_at < now() - interval '1 day';
