#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# s3-server-up.sh [--tls] [--sts] [DIR] - start a throwaway S3 server for s3lite on 127.0.0.1: a Ceph
# RADOS Gateway (Debian's ceph 16 packages) over one monitor and one OSD that keeps its data in
# RAM. Everything (config, keys, logs, pid files, TLS material) lives in DIR (default: a new
# /tmp/s3l-rgw.XXXXXX). Stop it with s3-server-down.sh DIR.
#
# stdout carries only S3L_*=... lines and one export line, so that
#     eval "$(tests/server/s3-server-up.sh --tls build/rgw)"
# sets S3L_ENDPOINT S3L_ACCESS_KEY S3L_SECRET_KEY S3L_REGION S3L_RGW_DIR S3L_RGW_LOG, and with
# TLS also S3L_TLS_ENDPOINT (https, same gateway) and S3L_CA_FILE (the throwaway CA that signed
# the server certificate for localhost, 127.0.0.1 and ::1), and with STS also S3L_STS_ROLE_ARN.
# Messages go to stderr.
#
# --tls (or S3L_TLS=1) adds the HTTPS endpoint. --sts (or S3L_RGW_STS=1) enables RGW's STS API
# on the same endpoints, for temporary credentials: the user may call GetSessionToken and
# AssumeRole into S3L_STS_ROLE_ARN (s3:* on every bucket), and S3 then checks
# X-Amz-Security-Token (tests/server/README.md says what RGW does). Missing packages are installed with apt-get
# when run as root (it says what). Environment: S3L_RGW_PORT (7480; the TLS port is PORT+1, the
# monitor PORT+2, the OSD takes ports in PORT+3..PORT+40: keep two clusters 41 ports apart),
# S3L_RGW_TLS_PORT, S3L_ACCESS_KEY, S3L_SECRET_KEY, S3L_REGION, S3L_RGW_MEM_MB (4096),
# RGW_DEBUG (1; 10 logs canonical requests and signatures), S3L_RGW_EXTRA_ADDR (an IPv4 address
# the gateway also listens on, HTTP and HTTPS, and that the certificate also names: e.g. a
# TAP device's address inside a test's network namespace).
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
down=$here/s3-server-down.sh
certgen=$root/tests/certs/gen.sh
marker='# s3lite s3-server-up.sh'

say() { printf 's3-server-up: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
usage() { sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; }

tls=${S3L_TLS:-0}
sts=${S3L_RGW_STS:-0}
dir=
while [ $# -gt 0 ]; do
  case $1 in
    --tls) tls=1 ;;
    --no-tls) tls=0 ;;
    --sts) sts=1 ;;
    --no-sts) sts=0 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage; die "unknown option $1" ;;
    *) [ -z "$dir" ] || die "one DIR only"; dir=$1 ;;
  esac
  shift
done
[[ $tls =~ ^[01]$ ]] || die "S3L_TLS=$tls: want 0 or 1"
[[ $sts =~ ^[01]$ ]] || die "S3L_RGW_STS=$sts: want 0 or 1"

port=${S3L_RGW_PORT:-7480}
ak=${S3L_ACCESS_KEY:-TESTACCESSKEY0000001}
sk=${S3L_SECRET_KEY:-testsecretkey0000000000000000000000000001}
region=${S3L_REGION:-us-east-1}
mem_mb=${S3L_RGW_MEM_MB:-4096}
debug=${RGW_DEBUG:-1}
{ [[ $port =~ ^[0-9]+$ ]] && [ "$port" -ge 1024 ] && [ "$port" -le 65490 ]; } ||
  die "S3L_RGW_PORT=$port: want a number in 1024..65490"
tls_port=${S3L_RGW_TLS_PORT:-$((port + 1))}
{ [[ $tls_port =~ ^[0-9]+$ ]] && [ "$tls_port" -ge 1024 ] && [ "$tls_port" -le 65535 ]; } ||
  die "S3L_RGW_TLS_PORT=$tls_port: want a port number"
if [ "$tls_port" != $((port + 1)) ] && [ "$tls_port" -ge "$port" ] && [ "$tls_port" -le $((port + 40)) ]; then
  die "S3L_RGW_TLS_PORT=$tls_port collides with the cluster's ports $((port + 2))..$((port + 40))"
fi
[[ $mem_mb =~ ^[0-9]+$ ]] || die "S3L_RGW_MEM_MB=$mem_mb: want MiB"
[[ $debug =~ ^[0-9]+$ ]] || die "RGW_DEBUG=$debug: want 0..20"
mon_port=$((port + 2))
# STS: RGW 16 refuses every STS call unless its token key has 16 characters or more. A second
# user, sts-admin, may attach user policies: Pacific's radosgw-admin cannot, the IAM API can.
sts_key=s3lite-sts-key16
sts_admin_ak=S3LSTSADMIN000000001
sts_admin_sk=s3litestsadminsecret00000000000000000001
sts_role=S3Access
sts_role_arn=arn:aws:iam:::role/$sts_role

# ---- helpers ------------------------------------------------------------------------------
empty_sha=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
list_buckets() {  # list_buckets URL [CURL ARGS]: one signed ListBuckets; true on 200
  local url=$1; shift
  curl -fsS -o /dev/null --max-time 3 "$@" --aws-sigv4 "aws:amz:$region:s3" --user "$ak:$sk" \
    -H "x-amz-content-sha256: $empty_sha" "$url" 2>/dev/null
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() {  # wait_for SECONDS CMD...: retry every 0.1 s
  local end=$((SECONDS + $1)); shift
  until "$@"; do [ "$SECONDS" -lt "$end" ] || return 1; sleep 0.1; done
}
conf_value() { sed -n "s/^$marker: .*\\b$2=\\([0-9]*\\).*/\\1/p" "$1" 2>/dev/null | head -n 1; }
# DIR of the cluster from this script whose radosgw serves $port, found from the radosgw
# command line (-c DIR/ceph.conf) and the marker line in that ceph.conf.
serving_dir() {
  local p comm args i conf
  for p in /proc/[0-9]*; do
    { read -r comm <"$p/comm" && [ "$comm" = radosgw ]; } 2>/dev/null || continue
    mapfile -d '' args 2>/dev/null <"$p/cmdline" || continue
    for ((i = 0; i + 1 < ${#args[@]}; i++)); do
      [ "${args[i]}" = -c ] || continue
      conf=${args[i + 1]}
      if [ "$(conf_value "$conf" port)" = "$port" ]; then dirname "$conf"; return 0; fi
    done
  done
  return 1
}
# sign_post SERVICE AK:SK BODY: one SigV4-signed form POST to the gateway (IAM and STS calls);
# prints the answer; false unless HTTP 2xx.
sign_post() {
  curl -fsS --max-time 5 --aws-sigv4 "aws:amz:$region:$1" --user "$2" \
    -H "x-amz-content-sha256: $(printf %s "$3" | sha256sum | cut -d' ' -f1)" \
    -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$3" \
    "http://127.0.0.1:$port/"
}
sts_works() {  # the S3 user can mint a session token
  sign_post sts "$ak:$sk" 'Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900' \
    2>/dev/null | grep -q '<SessionToken>'
}
emit() {  # emit DIR TLS_PORT(0 = none) STS(0/1)
  local names="S3L_ENDPOINT S3L_ACCESS_KEY S3L_SECRET_KEY S3L_REGION S3L_RGW_DIR S3L_RGW_LOG"
  printf 'S3L_%s=%q\n' ENDPOINT "http://127.0.0.1:$port" ACCESS_KEY "$ak" SECRET_KEY "$sk" \
    REGION "$region" RGW_DIR "$1" RGW_LOG "$1/log/client.rgw.a.log"
  if [ "$2" != 0 ]; then
    printf 'S3L_%s=%q\n' TLS_ENDPOINT "https://127.0.0.1:$2" CA_FILE "$1/tls/ca.crt"
    names="$names S3L_TLS_ENDPOINT S3L_CA_FILE"
  fi
  if [ "$3" = 1 ]; then
    printf 'S3L_%s=%q\n' STS_ROLE_ARN "$sts_role_arn"
    names="$names S3L_STS_ROLE_ARN"
  fi
  echo "export $names"
}

# ---- already running? -----------------------------------------------------------------------
if up=$(serving_dir) && list_buckets "http://127.0.0.1:$port/"; then
  if [ -n "$dir" ] && [ "$(cd "$dir" 2>/dev/null && pwd -P)" != "$up" ]; then
    die "port $port is served by the cluster in $up: stop it ($down $up) or set S3L_RGW_PORT"
  fi
  up_tls=$(conf_value "$up/ceph.conf" tls_port)
  if [ "$tls" = 1 ] && [ "${up_tls:-0}" = 0 ]; then
    die "the cluster in $up runs without TLS: stop it ($down $up) and start it again with --tls"
  fi
  up_sts=$(conf_value "$up/ceph.conf" sts)
  if [ "$sts" = 1 ] && [ "${up_sts:-0}" = 0 ]; then
    die "the cluster in $up runs without STS: stop it ($down $up) and start it again with --sts"
  fi
  say "already up on 127.0.0.1:$port (DIR $up)"
  emit "$up" "${up_tls:-0}" "${up_sts:-0}"
  exit 0
fi
ports="$port $mon_port"
[ "$tls" = 0 ] || ports="$ports $tls_port"
for p in $ports; do
  if port_open "$p"; then
    die "127.0.0.1:$p is in use; stop what holds it or set S3L_RGW_PORT (PORT..PORT+40 are used)"
  fi
done

# ---- packages -------------------------------------------------------------------------------
need="ceph-mon ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool curl"
[ "$tls" = 0 ] || need="$need openssl"
missing=
for b in $need; do command -v "$b" >/dev/null || missing="$missing $b"; done
if [ -n "$missing" ]; then
  pkgs=(ceph-mon ceph-osd radosgw ceph-common curl)
  [ "$tls" = 0 ] || pkgs+=(openssl)
  [ "$(id -u)" = 0 ] || die "missing:$missing; run as root to install them (apt-get install ${pkgs[*]})"
  say "installing Debian packages: ${pkgs[*]} (missing:$missing)"
  aptlog=$(mktemp /tmp/s3-server-apt.XXXXXX)
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}"; } \
       >"$aptlog" 2>&1; then
    tail -n 25 "$aptlog" >&2; rm -f "$aptlog"; die "apt-get failed (output above)"
  fi
  rm -f "$aptlog"
fi

# ---- DIR ------------------------------------------------------------------------------------
if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/s3l-rgw.XXXXXX); say "DIR $dir"; fi
mkdir -p "$dir" || die "cannot create $dir"
dir=$(cd "$dir" && pwd -P)
if [ -n "$(ls -A "$dir")" ]; then
  grep -qs "^$marker" "$dir/ceph.conf" || die "$dir is not empty and was not made by this script"
  say "$dir holds an old cluster: stopping it and starting afresh"
  KEEP=1 bash "$down" "$dir" >&2
  find "$dir" -mindepth 1 -delete
fi
# Unix sockets (the admin socket) have a path limit of 107 bytes.
[ ${#dir} -le 80 ] || die "DIR path is too long for Ceph's admin socket (${#dir} > 80 characters): $dir"

t0=${EPOCHREALTIME/[.,]/}
started=0
fail() {  # fail MESSAGE [LOG NAMES...]: show log tails, stop what was started, keep DIR
  trap - ERR INT TERM
  say "error: $1"; shift
  local f names=("$@")
  [ ${#names[@]} -gt 0 ] || names=(mon.a osd.0 client.rgw.a cli)
  for f in "${names[@]}"; do
    [ -s "$dir/log/$f.log" ] || continue
    say "--- last lines of $dir/log/$f.log"; tail -n 20 "$dir/log/$f.log" >&2
  done
  [ "$started" = 0 ] || KEEP=1 bash "$down" "$dir" >&2 || true
  say "logs kept in $dir/log; remove them with: $down $dir"
  exit 1
}
trap 'fail "unexpected failure at line $LINENO"' ERR
trap 'fail "interrupted"' INT TERM

mkdir -p "$dir"/{run,log,mon,osd/0,rgw,crash}
extra=${S3L_RGW_EXTRA_ADDR:-}
frontends="beast endpoint=127.0.0.1:$port${extra:+ endpoint=$extra:$port}"
if [ "$tls" = 1 ]; then
  S3L_CERT_EXTRA_IP=$extra sh "$certgen" "$dir/tls" || fail "could not make TLS certificates (see $dir/tls/gen.log)"
  frontends="$frontends ssl_endpoint=127.0.0.1:$tls_port${extra:+ ssl_endpoint=$extra:$tls_port} ssl_certificate=$dir/tls/server.crt ssl_private_key=$dir/tls/server.key"
else
  tls_port=0
fi

# ---- ceph.conf: one monitor, one memstore OSD, one gateway; tuned to start in seconds --------
conf=$dir/ceph.conf
fsid=$(cat /proc/sys/kernel/random/uuid)
osd_uuid=$(cat /proc/sys/kernel/random/uuid)
cat >"$conf" <<EOF
$marker: port=$port tls_port=$tls_port sts=$sts
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$mon_port]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
ms bind msgr1 = false
ms bind port min = $((port + 3))
ms bind port max = $((port + 40))
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
ms mon client mode = crc
ms mon service mode = crc
ms mon cluster mode = crc
ms client mode = crc
ms service mode = crc
ms cluster mode = crc
keyring = $dir/\$name.keyring
run dir = $dir/run
pid file = $dir/run/\$name.pid
admin socket = $dir/run/\$name.asok
crash dir = $dir/crash
log file = $dir/log/\$name.log
log to stderr = false
err to stderr = false
mon cluster log file = $dir/log/cluster.\$channel.log
mon data = $dir/mon/\$id
mon data avail crit = 0
mon allow pool delete = true
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
# commit monitor changes every 50 ms instead of 1 s
paxos propose interval = 0.05
osd data = $dir/osd/\$id
osd objectstore = memstore
memstore device bytes = $((mem_mb * 1048576))
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
osd fast shutdown notify mon = false
[client.rgw.a]
rgw frontends = $frontends
rgw data = $dir/rgw
# the lifecycle thread holds radosgw for seconds on SIGTERM
rgw enable lc threads = false
rgw gc obj min wait = 10
rgw gc processor period = 10
rgw crypt require ssl = false
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = testkey-1=YmluCmJvb3N0CmJvb3N0LWJ1aWxkCmNlcGguY29uZgo= testkey-2=aWIKTWFrZWZpbGUKbWFuCm91dApzcmMKVGVzdGluZwo=
debug rgw = $debug
EOF
# without "auth use sts" the STS calls succeed but S3 refuses the credentials they return
[ "$sts" = 0 ] || printf 'rgw sts key = %s\nrgw s3 auth use sts = true\n' "$sts_key" >>"$conf"

# ---- keys: every daemon's key is in the monitor's keyring before mkfs ------------------------
started=1
keyring() {  # keyring NAME ENTITY CAPS...
  ceph-authtool --create-keyring "$dir/$1.keyring" --gen-key -n "$2" "${@:3}" >/dev/null
  [ "$1" = mon.a ] || ceph-authtool "$dir/mon.a.keyring" --import-keyring "$dir/$1.keyring" >/dev/null
}
keyring mon.a mon. --cap mon 'allow *'
keyring client.admin client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *'
keyring osd.0 osd.0 --cap mon 'allow profile osd' --cap osd 'allow *' --cap mgr 'allow profile osd'
keyring client.rgw.a client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw'

admin() { timeout "$1" "$2" -c "$conf" "${@:3}" 2>>"$dir/log/cli.log"; }  # admin SECONDS TOOL ARGS...

# ---- daemons ----------------------------------------------------------------------------------
monmaptool --create --addv a "[v2:127.0.0.1:$mon_port]" --fsid "$fsid" "$dir/monmap" >/dev/null
ceph-mon -c "$conf" -i a --mkfs --monmap "$dir/monmap" --keyring "$dir/mon.a.keyring" ||
  fail "ceph-mon --mkfs failed" mon.a
ceph-mon -c "$conf" -i a || fail "ceph-mon did not start" mon.a
ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$osd_uuid" --no-mon-config >/dev/null ||
  fail "ceph-osd --mkfs failed" osd.0
[ "$(admin 30 ceph osd new "$osd_uuid" 0)" = 0 ] || fail "'ceph osd new' failed (is the monitor up?)" cli mon.a
ceph-osd -c "$conf" -i 0 >/dev/null || fail "ceph-osd did not start" osd.0
# the OSD log says when it is active: cheaper than polling 'ceph osd stat'
wait_for 30 grep -qs 'state: booting -> active' "$dir/log/osd.0.log" || fail "osd.0 did not become active" osd.0 mon.a
admin 60 radosgw-admin user create --uid=s3lite --display-name=s3lite --access-key="$ak" --secret="$sk" \
  >/dev/null || fail "radosgw-admin user create failed" cli
# GetBucketLocation and LocationConstraint use the zonegroup's API name
admin 60 radosgw-admin zonegroup modify --rgw-zonegroup=default --api-name="$region" >/dev/null ||
  fail "radosgw-admin zonegroup modify failed" cli
if [ "$sts" = 1 ]; then
  admin 60 radosgw-admin user create --uid=sts-admin --display-name=sts-admin \
    --access-key="$sts_admin_ak" --secret="$sts_admin_sk" --caps="user-policy=*" >/dev/null ||
    fail "radosgw-admin user create sts-admin failed" cli
  admin 60 radosgw-admin role create --role-name="$sts_role" --path=/ \
    --assume-role-policy-doc='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/s3lite"]},"Action":["sts:AssumeRole"]}]}' \
    >/dev/null || fail "radosgw-admin role create $sts_role failed" cli
  admin 60 radosgw-admin role-policy put --role-name="$sts_role" --policy-name=S3All \
    --policy-doc='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":"arn:aws:s3:::*"}]}' \
    >/dev/null || fail "radosgw-admin role-policy put failed" cli
fi
radosgw -c "$conf" -n client.rgw.a || fail "radosgw did not start" client.rgw.a
wait_for 60 list_buckets "http://127.0.0.1:$port/" ||
  fail "http://127.0.0.1:$port did not answer a signed ListBuckets" client.rgw.a
if [ "$tls" = 1 ]; then
  wait_for 20 list_buckets "https://127.0.0.1:$tls_port/" --cacert "$dir/tls/ca.crt" ||
    fail "https://127.0.0.1:$tls_port did not answer a signed ListBuckets verified with $dir/tls/ca.crt" client.rgw.a
fi
if [ "$sts" = 1 ]; then
  # the S3 user may call GetSessionToken: a user policy attached through the IAM API (a later
  # "radosgw-admin user modify" or caps change on s3lite removes it silently); then one token
  # is minted to see that STS answers. The policy document, percent-encoded by hand:
  # {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:GetSessionToken"],"Resource":"*"}]}
  policy=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22sts%3AGetSessionToken%22%5D%2C%22Resource%22%3A%22%2A%22%7D%5D%7D
  sign_post iam "$sts_admin_ak:$sts_admin_sk" \
    "Action=PutUserPolicy&Version=2010-05-08&UserName=s3lite&PolicyName=AllowGetSessionToken&PolicyDocument=$policy" \
    >/dev/null 2>>"$dir/log/cli.log" || fail "IAM PutUserPolicy (sts:GetSessionToken for s3lite) failed" cli client.rgw.a
  wait_for 10 sts_works || fail "STS GetSessionToken did not answer a session token" client.rgw.a
fi
trap - ERR INT TERM

ms=$(((${EPOCHREALTIME/[.,]/} - t0) / 1000))
say "up in $((ms / 1000)).$(printf %03d $((ms % 1000))) s: http://127.0.0.1:$port$([ "$tls" = 0 ] || echo " and https://127.0.0.1:$tls_port (CA $dir/tls/ca.crt)")$([ "$sts" = 0 ] || echo ", STS on")"
say "log: $dir/log/client.rgw.a.log; stop with: $down $dir"
emit "$dir" "$tls_port" "$sts"
