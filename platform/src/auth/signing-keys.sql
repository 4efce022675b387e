/* @name PublishedSigningKeys */
-- Active keys, and retired ones still published so what they signed keeps verifying.
select
  kid,
  algorithm,
  private_jwk as "privateJwk!",
  public_jwk as "publicJwk!",
  created_at as "createdAt!",
  retired_at as "retiredAt"
from signing_keys
where retired_at is null or retired_at > now() - (:retiredPublishedForMs!::float8 * interval '1 millisecond');

/* @name AddSigningKey */
insert into signing_keys (kid, algorithm, private_jwk, public_jwk)
values (:kid!, :algorithm!, :privateJwk!, :publicJwk!);
