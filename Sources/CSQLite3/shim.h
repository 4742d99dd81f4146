// The machine's SQLite (libsqlite3-dev on Debian and Ubuntu), for HeraldStore's own SQLite layer.
// Herald relies on SQLite 3.37 or newer (SQLITE_OPEN_EXRESCODE; RETURNING needs 3.35, UPDATE … FROM 3.33).
#ifndef HERALD_CSQLITE3_SHIM_H
#define HERALD_CSQLITE3_SHIM_H
#include <sqlite3.h>

// sqlite3_config is variadic, which Swift cannot call. Distribution builds keep allocation statistics
// (SQLITE_DEFAULT_MEMSTATUS=1), which takes a global mutex on every allocation; Herald reads none of them. Must run
// before SQLite initializes (the first open); later it is refused harmlessly (SQLITE_MISUSE).
static inline int herald_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
