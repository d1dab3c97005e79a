#!/bin/sh
# the application tier (php's place): asks the database and says what it answered
echo "Content-Type: text/plain"
echo
echo "app tier here; the database says: $(nc tier-db 5432 </dev/null)"
