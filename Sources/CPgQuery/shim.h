// PostgreSQL 15's own parser as a library (Debian: libpg-query-dev).
#include <pg_query.h>
