#!/bin/sh
# SPDX-License-Identifier: MIT
# gen.sh DIR - write throwaway TLS material for tests and the local S3 server into DIR:
#   ca.crt/ca.key          a test CA (ca.der: the certificate in DER)
#   server.crt/server.key  a server certificate signed by it, for localhost, 127.0.0.1 and ::1
#   other-ca.crt           a second, unrelated CA (the "unknown CA" case)
#   client.crt/client.key  a client certificate (mutual TLS) signed by ca.crt;
#                          client.crt.der, client.key.der the same in DER
#   other-client.crt/.key  a client certificate signed by other-ca.crt (to be refused)
# S3L_CERT_EXTRA_IP=ADDR adds ADDR to the server certificate's names.
# EC P-256 keys (fast to make). Private keys are made at run time and never committed:
# DIR belongs under build/ or a temp dir. Needs the openssl command. Prints nothing on success.
set -eu
dir=${1:?usage: gen.sh DIR}
days=${S3L_CERT_DAYS:-30}
mkdir -p "$dir"
umask 077
cd "$dir"
ossl() { openssl "$@" 2>>gen.log; }

key() { ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

key ca.key
ossl req -x509 -new -key ca.key -sha256 -days "$days" -subj "/CN=s3lite test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out ca.crt

key other-ca.key
ossl req -x509 -new -key other-ca.key -sha256 -days "$days" -subj "/CN=s3lite unknown CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out other-ca.crt

key server.key
ossl req -new -key server.key -subj "/CN=localhost" -out server.csr
cat >server.ext <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1${S3L_CERT_EXTRA_IP:+,IP:$S3L_CERT_EXTRA_IP}
EXT
ossl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days "$days" \
    -extfile server.ext -out server.crt

# client NAME CA: NAME.key and NAME.crt, a TLS client certificate signed by CA.
client() {
    key "$1.key"
    ossl req -new -key "$1.key" -subj "/CN=s3lite test $1" -out "$1.csr"
    printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
        "extendedKeyUsage=clientAuth" >"$1.ext"
    ossl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -sha256 \
        -days "$days" -extfile "$1.ext" -out "$1.crt"
    rm -f "$1.csr" "$1.ext" "$2.srl"
}
client client ca
client other-client other-ca
ossl pkey -in client.key -outform DER -out client.key.der
ossl x509 -in client.crt -outform DER -out client.crt.der
ossl x509 -in ca.crt -outform DER -out ca.der
rm -f other-ca.key   # nothing else is signed by it

rm -f server.csr server.ext ca.srl
chmod 644 ca.crt ca.der other-ca.crt server.crt client.crt client.crt.der other-client.crt
rm -f gen.log
