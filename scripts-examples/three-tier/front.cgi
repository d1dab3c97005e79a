#!/bin/sh
# the front tier (nginx's place): passes the request on to the application tier and relays its answer
echo "Content-Type: text/plain"
echo
printf 'GET /cgi-bin/app.cgi HTTP/1.0\r\n\r\n' | nc tier-app 80 | sed '1,/^\r*$/d'
