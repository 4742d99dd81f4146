// The machine's SQLite (libsqlite3-dev on Debian and Ubuntu), for HeraldStore's own SQLite layer.
// Herald relies on SQLite 3.37 or newer (SQLITE_OPEN_EXRESCODE; RETURNING needs 3.35, UPDATE … FROM 3.33).
#ifndef HERALD_CSQLITE3_SHIM_H
#define HERALD_CSQLITE3_SHIM_H
#include <sqlite3.h>
#endif
