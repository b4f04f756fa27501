-- 0003: reserved for the web app (users, sessions, reviews, audit log).
SELECT 1;
