/* @name Cities */
select distinct city from venues order by city;
