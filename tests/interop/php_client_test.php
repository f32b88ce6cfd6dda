<?php
// Independent WSDL-driven client test: PHP's ext-soap SoapClient (php8.2-soap)
// against vi-sandbox, the client many VoIP Innovations integrations were
// written with. Starts the server, builds a SoapClient from the WSDL it
// serves at the profile's path (no WSDL cache), and runs the ten operations as
// a realistic flow in SOAP 1.1 and SOAP 1.2, checking the decoded values and
// the raw answers. The server runs with its default, one schema per path.
//
//   php php_client_test.php --server build/mock-server/vi-sandbox --profile sandbox
//
// Prints one line per check and ends with exactly "N passed, M failed"; exits
// 0 only when M == 0 and at least one check ran.

declare(strict_types=1);

const LOGIN = 'sandbox';
const SECRET = 'sandbox';
const PATHS = ['sandbox' => '/VOIP/Services/APIService.asmx', 'production' => '/Services/APIService.asmx'];
// Recorded numbers (fixtures/pinned_numbers.tsv): one per SOAP version.
const TN = [SOAP_1_1 => '4352154006', SOAP_1_2 => '4358797726'];

$passed = 0;
$failed = 0;

function check(string $name, bool $ok, string $detail = ''): void {
  global $passed, $failed;
  if ($ok) {
    $passed++;
    echo "PASS $name\n";
  } else {
    $failed++;
    echo "FAIL $name" . ($detail === '' ? '' : ": $detail") . "\n";
  }
}

function eq(string $name, $got, $want): void {
  check($name, $got === $want, 'got ' . var_export($got, true) . ', want ' . var_export($want, true));
}

// The list under $parent->$name->$item as an array (SOAP_SINGLE_ELEMENT_ARRAYS
// makes one item an array too; an empty list decodes as a missing property).
function items($parent, string $name, string $item): array {
  if (!isset($parent->$name) || !isset($parent->$name->$item)) return [];
  return (array)$parent->$name->$item;
}

function parse_args(array $argv): array {
  $opts = ['server' => null, 'profile' => 'sandbox'];
  for ($i = 1; $i < count($argv); $i++) {
    $key = ltrim($argv[$i], '-');
    if (!array_key_exists($key, $opts) || !isset($argv[$i + 1])) {
      fwrite(STDERR, "usage: php_client_test.php --server PATH [--profile sandbox|production]\n");
      exit(2);
    }
    $opts[$key] = $argv[++$i];
  }
  if ($opts['server'] === null || !isset(PATHS[$opts['profile']])) {
    fwrite(STDERR, "usage: php_client_test.php --server PATH [--profile sandbox|production]\n");
    exit(2);
  }
  return $opts;
}

// Starts the server on a kernel-chosen port with its default profile
// (per-path: each path speaks its own schema, over one state); returns
// [process, pipes, base URL].
function start_server(string $binary): array {
  $cmd = [$binary, '--host', '127.0.0.1', '--port', '0', '--quiet'];
  $proc = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
  if (!is_resource($proc)) {
    check('server starts', false, 'proc_open failed');
    return [null, [], ''];
  }
  stream_set_timeout($pipes[1], 15);
  $first = fgets($pipes[1]);
  $ok = is_string($first) && preg_match('#^listening on (http://127\.0\.0\.1:\d+)/$#', rtrim($first), $m) === 1;
  check('server ready line is "listening on http://127.0.0.1:<port>/"', $ok, var_export($first, true));
  return [$proc, $pipes, $ok ? $m[1] : ''];
}

function client(string $wsdl, int $version): SoapClient {
  return new SoapClient($wsdl, [
    'soap_version' => $version,
    'trace' => true,
    'exceptions' => true,
    'cache_wsdl' => WSDL_CACHE_NONE,
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
    'connection_timeout' => 10,
  ]);
}

// What every raw answer must look like, whatever the operation.
function check_raw(SoapClient $c, string $what, int $version): void {
  $body = (string)$c->__getLastResponse();
  $headers = (string)$c->__getLastResponseHeaders();
  check("$what starts with the XML declaration", str_starts_with($body, '<?xml version="1.0" encoding="utf-8"?>'),
        substr($body, 0, 60));
  $type = $version === SOAP_1_1 ? 'text/xml; charset=utf-8' : 'application/soap+xml; charset=utf-8';
  check("$what Content-Type is $type", stripos($headers, "Content-Type: $type") !== false, $headers);
}

function run_flow(SoapClient $c, int $version, string $label, string $profile): void {
  $tn = TN[$version];
  $who = ['login' => LOGIN, 'secret' => SECRET];
  $did = fn(array $extra) => ['didParams' => ['DIDParam' => [array_merge(['tn' => $tn, 'epg' => 0], $extra)]]];

  $r = $c->getDIDs($who + ['npa' => '435', 'nxx' => '201'])->getDIDsResult;
  check_raw($c, "$label getDIDs", $version);
  eq("$label getDIDs responseCode", $r->responseCode, 100);
  $tns = array_map(fn($l) => $l->tn, items($r, 'DIDLocators', 'DIDLocator'));
  check("$label getDIDs lists the recorded 4352016526", in_array('4352016526', $tns, true), implode(',', $tns));
  $sorted = $tns;
  sort($sorted, SORT_STRING);
  check("$label getDIDs locators sorted by tn", $tns === $sorted);
  $with_network = array_filter(items($r, 'DIDLocators', 'DIDLocator'), fn($l) => isset($l->network));
  if ($profile === 'production') {
    check("$label getDIDs locators carry the production network", count($with_network) === count($tns));
  } else {
    check("$label getDIDs locators carry no production-only network", count($with_network) === 0);
  }

  $r = $c->getDIDCount($who + ['state' => 'UT', 'orderby' => 'tier'])->getDIDCountResult;
  eq("$label getDIDCount responseCode", $r->responseCode, 100);
  $rows = items($r, 'DIDCounts', 'DIDCount');
  check("$label getDIDCount has rows", count($rows) > 0);
  $bad = array_filter($rows, fn($row) => $row->cnam !== $row->t38);
  check("$label getDIDCount rows have cnam == t38", count($bad) === 0);
  $tiers = array_map(fn($row) => (int)$row->tier, $rows);
  $sorted = $tiers;
  sort($sorted);
  check("$label getDIDCount ordered by tier", $tiers === $sorted);

  $q = items($c->queryDID($who + ['did' => $tn])->queryDIDResult, 'DIDs', 'DID');
  eq("$label queryDID before: one DID", count($q), 1);
  eq("$label queryDID before: availability", $q[0]->availability ?? null, 'Available');

  $d = items($c->reserveDID($who + $did(['refId' => 'php-1']))->reserveDIDResult, 'DIDs', 'DID');
  check_raw($c, "$label reserveDID", $version);
  eq("$label reserveDID statusCode", $d[0]->statusCode ?? null, '100');
  check("$label reserveDID status", preg_match('/^Reserved for 30 minutes -- Will be Tier \S+$/',
                                               (string)($d[0]->status ?? '')) === 1, (string)($d[0]->status ?? ''));
  eq("$label reserveDID refId echoed", $d[0]->refId ?? null, 'php-1');

  $a = items($c->auditDIDs($who)->auditDIDsResult, 'DIDs', 'DID');
  check("$label auditDIDs lists the reservation",
        count(array_filter($a, fn($x) => $x->tn === $tn && $x->availability === 'reserved')) === 1);

  $d = items($c->assignDID($who + $did(['epg' => 8674]))->assignDIDResult, 'DIDs', 'DID');
  eq("$label assignDID statusCode", $d[0]->statusCode ?? null, '100');
  check("$label assignDID status", str_starts_with((string)($d[0]->status ?? ''),
                                                   "Assigned to endpoint '8674' rewritten as '$tn' Tier "),
        (string)($d[0]->status ?? ''));

  $d = items($c->configDID($who + $did(['epg' => 8675]))->configDIDResult, 'DIDs', 'DID');
  eq("$label configDID statusCode", $d[0]->statusCode ?? null, '100');

  $q = items($c->queryDID($who + ['did' => $tn])->queryDIDResult, 'DIDs', 'DID');
  eq("$label queryDID after: availability", $q[0]->availability ?? null, 'assigned');
  eq("$label queryDID after: endpointId", $q[0]->endpointId ?? null, 8675);

  $d = items($c->releaseDID($who + $did([]))->releaseDIDResult, 'DIDs', 'DID');
  eq("$label releaseDID statusCode", $d[0]->statusCode ?? null, '100');
  $d = items($c->releaseDID($who + $did([]))->releaseDIDResult, 'DIDs', 'DID');
  eq("$label releaseDID again: statusCode", $d[0]->statusCode ?? null, '106231');
  eq("$label releaseDID again: status", $d[0]->status ?? null, 'Number currently available');

  $p = $c->isPortable($who + ['tn' => '4352010000'])->isPortableResult;
  eq("$label isPortable responseCode", $p->responseCode, 100);
  eq("$label isPortable IsPortable", $p->IsPortable, true);

  $p = $c->getPortDetails($who + ['portId' => 36623])->getPortDetailsResult;
  eq("$label getPortDetails responseCode", $p->responseCode, 100);
  eq("$label getPortDetails id", $p->PortDetails->id ?? null, 36623);

  $r = $c->auditDIDs(['login' => LOGIN, 'secret' => 'wrong'])->auditDIDsResult;
  eq("$label wrong secret: responseCode", $r->responseCode, 902);
  eq("$label wrong secret: responseMessage", $r->responseMessage, 'Username/password/IP not found');
}

$opts = parse_args($argv);
[$proc, $pipes, $base] = start_server($opts['server']);
if ($base !== '') {
  $wsdl = $base . PATHS[$opts['profile']] . '?wsdl';
  foreach ([SOAP_1_1 => 'SOAP 1.1', SOAP_1_2 => 'SOAP 1.2'] as $version => $label) {
    try {
      $c = client($wsdl, $version);
      $functions = $c->__getFunctions();
      foreach (['getDIDs', 'getDIDCount', 'queryDID', 'reserveDID', 'assignDID', 'configDID', 'releaseDID',
                'auditDIDs', 'isPortable', 'getPortDetails'] as $op) {
        check("$label WSDL declares $op",
              count(array_filter($functions, fn($f) => str_contains($f, " $op("))) >= 1);
      }
      // The served WSDL declares all the vendor's WSDL declared: 30 operations (sandbox), 48
      // (production), the ten among them (docs/behaviour.md §1.4).
      $names = array_unique(array_map(fn($f) => preg_replace('/^\S+ (\w+)\(.*$/s', '$1', $f), $functions));
      $want = $opts['profile'] === 'production' ? 48 : 30;
      check("$label WSDL declares $want operations", count($names) === $want, 'got ' . count($names));
      check("$label WSDL declares GetCountries", in_array('GetCountries', $names, true));
      run_flow($c, $version, $label, $opts['profile']);
    } catch (Throwable $e) {
      check("$label flow runs without a SOAP or PHP error", false, get_class($e) . ': ' . $e->getMessage());
    }
  }
}
if ($proc !== null) {
  proc_terminate($proc, 15);
  proc_close($proc);
}
if ($passed + $failed === 0) $failed = 1;  // a run that checked nothing is a failure
echo "$passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
