#!/usr/bin/env python3
"""Writes the bad-input corpus: one scenario file per case and expected.tsv.

Each case is (name, content, exit code, message fragment). The fragment is written by hand from
the rule the case breaks, and names the JSON path wherever the document has one. Run it again
after adding a case; tests/integration/bad_input_corpus_test.cpp runs every case through the
command with --memory-limit-mb 16000 (so "beyond the machine" does not depend on the machine)
and checks the exit code, the fragment, and that nothing was written.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = []


def case(name, content, code, fragment):
    if isinstance(content, (dict, list)) or content is None:
        content = json.dumps(content)
    CASES.append((name, content.encode() if isinstance(content, str) else content, code, fragment))


def bad(name, doc, fragment, code=65):
    case(name, doc, code, fragment)


# --- syntax ---------------------------------------------------------------------------------
case("syntax_trailing_comma", '{"origin": {"connections": 4,}}', 65, "origin: not valid JSON at byte 30")
case("syntax_unclosed_object", '{"name": "x"', 65, "(document): not valid JSON at byte")
case("syntax_single_quotes", "{'name': 'x'}", 65, "(document): not valid JSON at byte 2")
case("syntax_comment", '{"name": "x" // a comment\n}', 65, "(document): not valid JSON at byte")
case("syntax_empty_file", "", 65, "(document): not valid JSON at byte 1")
case("syntax_two_documents", "{} {}", 65, "(document): not valid JSON at byte 4")
case("syntax_nul_byte", b'{"name": "x"}\x00{"seed": 5}', 65, "(document): a NUL byte at byte 13")
case("syntax_bare_word", '{"cache": {"enabled": yes}}', 65, "cache.enabled: not valid JSON")
case("syntax_bad_escape", '{"name": "a\\q"}', 65, "name: not valid JSON")
case("syntax_invalid_utf8", b'{"name": "\xff"}', 65, "name: not valid JSON")
case("syntax_number_overflow", '{"duration_s": 1e400}', 65, "duration_s: number out of range")
case("syntax_negative_overflow", '{"faults": [{"type": "cache_down", "at_s": -1e999}]}', 65,
     "faults[0].at_s: number out of range")
case("key_type_empty", '{"workload": {"key_classes": [{"keys": {"type": "", "count": 10}}]}}', 65,
     "workload.key_classes[0].keys.type: empty; valid types: ")
bad("trace_path_device", {"workload": {"key_classes": [{"keys": {"type": "trace", "path": "/dev/zero"}}]}},
    "workload.key_classes[0].keys.path: /dev/zero: not a regular file")
bad("trace_path_directory", {"workload": {"key_classes": [{"keys": {"type": "trace", "path": "/"}}]}},
    "workload.key_classes[0].keys.path: /: not a regular file")
case("syntax_number_underflow", '{"origin": {"queue_limit": 1e-400}}', 65,
     "origin.queue_limit: number out of range (1e-400 is below")
case("syntax_deep_nesting", '{"topology": ' + "[" * 1000 + "]" * 1000 + "}", 65,
     "topology[0][0][0]")
case("syntax_duplicate_key", '{"seed": 1, "seed": 2}', 65, "seed: key given twice in one object")
case("syntax_duplicate_nested_key",
     '{"faults": [{"type": "cache_down", "node": 0, "node": 1}]}', 65, "faults[0].node: key given twice")
case("root_array", [], 65, "must be a JSON object (got an array of 0 elements)")
case("root_null", None, 65, "must be a JSON object (got null)")

# --- types ----------------------------------------------------------------------------------
bad("type_duration_string", {"duration_s": "60"}, 'duration_s: must be a number in [1e-09, 1e+09] (got "60")')
bad("type_seed_float", {"seed": 1.5}, "seed: must be a non-negative integer (got 1.5)")
bad("type_name_number", {"name": 5}, "name: must be a string (got 5)")
bad("type_topology_array", {"topology": [1]}, "topology: must be a JSON object (got an array of 1 elements)")
bad("type_clients_bool", {"topology": {"clients": True}}, "topology.clients: must be an integer in [1, 100000] (got true)")
bad("type_link_latency_string", {"topology": {"client_link": {"latency_s": "0.1"}}},
    'topology.client_link.latency_s: must be a non-negative number (got "0.1")')
bad("type_cache_enabled_number", {"cache": {"enabled": 1}}, "cache.enabled: must be true or false (got 1)")
bad("type_arrivals_string", {"workload": {"arrivals": "poisson"}}, 'workload.arrivals: must be a JSON object (got "poisson")')
bad("type_keys_count_fraction", {"workload": {"key_classes": [{"keys": {"type": "zipf", "count": 10.5}}]}},
    "workload.key_classes[0].keys.count: must be an integer in [1, 4000000000] (got 10.5)")
bad("type_faults_object", {"faults": {}}, "faults: must be a JSON array (got an object of 0 keys)")
bad("type_fault_element_number", {"faults": [1]}, "faults[0]: must be a JSON object (got 1)")
bad("type_client_timeout_string", {"client": {"timeout_s": "1"}}, 'client.timeout_s: must be a positive number or null (got "1")')
bad("type_queue_limit_fraction", {"origin": {"queue_limit": 2.5}},
    "origin.queue_limit: must be an integer in [0, 4294967295] or null (got 2.5)")
bad("type_service_type_number", {"origin": {"service_s": {"type": 3}}}, "origin.service_s.type: must be a string (got 3)")
bad("type_warm_start_null", {"cache": {"warm_start": None}}, "cache.warm_start: must be true or false (got null)")

# --- ranges: every count is checked in the type the model holds it in -------------------------
bad("range_connections_2pow32", {"origin": {"connections": 4294967296}},
    "origin.connections: must be an integer in [1, 4294967295] (got 4294967296)")
bad("range_connections_2pow32_plus_1", {"origin": {"connections": 4294967297}},
    "origin.connections: must be an integer in [1, 4294967295] (got 4294967297)")
bad("range_connections_zero", {"origin": {"connections": 0}}, "origin.connections: must be an integer in [1, 4294967295] (got 0)")
bad("range_connections_2pow64", {"origin": {"connections": 18446744073709551616}},
    "origin.connections: must be an integer in [1, 4294967295] (got 1.8446744073709552e+19)")
bad("range_duration_zero", {"duration_s": 0}, "duration_s: must be a number in [1e-09, 1e+09] (got 0)")
bad("range_duration_too_long", {"duration_s": 1e10}, "duration_s: must be a number in [1e-09, 1e+09] (got 1e+10)")
bad("range_seed_negative", {"seed": -1}, "seed: must be a non-negative integer (got -1)")
bad("range_seed_2pow63", {"seed": 9223372036854775808}, "seed: must be a non-negative integer (got 9223372036854775808)")
bad("range_clients_zero", {"topology": {"clients": 0}}, "topology.clients: must be an integer in [1, 100000] (got 0)")
bad("range_clients_too_many", {"topology": {"clients": 100001}}, "topology.clients: must be an integer in [1, 100000] (got 100001)")
bad("range_app_instances_zero", {"topology": {"app_instances": 0}}, "topology.app_instances: must be an integer in [1, 100000] (got 0)")
bad("range_cache_nodes_too_many", {"cache": {"nodes": 1001}}, "cache.nodes: must be an integer in [1, 1000] (got 1001)")
bad("range_ttl_zero", {"workload": {"key_classes": [{"ttl_s": 0}]}},
    "workload.key_classes[0].ttl_s: must be a positive number (got 0)")
bad("range_cache_get_cost_negative", {"cache": {"commands": {"get": {"base_s": -0.001}}}},
    "cache.commands.get.base_s: must be a non-negative number (got -0.001)")
bad("key_class_arrivals_and_share",
    {"workload": {"key_classes": [{"arrivals": {"rate_per_s": 10}, "share": 2}, {"name": "b", "pattern": "b:{id}"}]}},
    "workload.key_classes[0].share: a class with its own arrivals takes no share of workload.arrivals")
bad("key_class_arrivals_all_own_with_shared",
    {"workload": {"arrivals": {"rate_per_s": 10}, "key_classes": [{"arrivals": {"rate_per_s": 10}}]}},
    "workload.arrivals: every key class has its own arrivals, so this would never be used; leave it out")
bad("range_key_class_arrivals_rate_zero", {"workload": {"key_classes": [{"arrivals": {"rate_per_s": 0}}]}},
    "workload.key_classes[0].arrivals.rate_per_s: must be a positive number (got 0)")
bad("range_key_class_share_zero", {"workload": {"key_classes": [{"share": 0}]}},
    "workload.key_classes[0].share: must be a positive number (got 0)")
bad("key_classes_empty", {"workload": {"key_classes": []}}, "workload.key_classes: must hold at least one element")
bad("key_class_pattern_without_id", {"workload": {"key_classes": [{"pattern": "user:profile"}]}},
    "workload.key_classes[0].pattern: must contain {id}")
bad("key_class_pattern_two_ids", {"workload": {"key_classes": [{"pattern": "{id}:{id}"}]}},
    "workload.key_classes[0].pattern: must contain {id} exactly once")
bad("key_class_names_repeat", {"workload": {"key_classes": [{"name": "a"}, {"name": "a", "pattern": "b:{id}"}]}},
    'workload.key_classes[1].name: "a" names another class too')
bad("key_class_name_with_space", {"workload": {"key_classes": [{"name": "user profile"}]}},
    "workload.key_classes[0].name: must be 1-64 of letters, digits")
bad("key_classes_beyond_uint32", {"workload": {"key_classes": [{"name": "a", "keys": {"type": "uniform", "count": 3000000000}},
                                                               {"name": "b", "keys": {"type": "uniform", "count": 3000000000}}]}},
    "workload.key_classes: the classes hold 6000000000 keys together; at most 4294967295")
bad("slot_ranges_gap", {"cache": {"nodes": 2, "slot_ranges": [{"shard": 0, "first": 0, "last": 8000},
                                                              {"shard": 1, "first": 8002, "last": 16383}]}},
    "cache.slot_ranges: slot 8001 has no shard; the ranges must cover 0-16383")
bad("slot_ranges_overlap", {"cache": {"nodes": 2, "slot_ranges": [{"shard": 0, "first": 0, "last": 9000},
                                                                  {"shard": 1, "first": 9000, "last": 16383}]}},
    "cache.slot_ranges[1]: slot 9000 is already given to shard 0")
bad("slot_ranges_shard_out_of_range", {"cache": {"nodes": 2, "slot_ranges": [{"shard": 2, "first": 0, "last": 16383}]}},
    "cache.slot_ranges[0].shard: must be < cache.nodes (2)")
bad("slot_ranges_slot_too_big", {"cache": {"slot_ranges": [{"shard": 0, "first": 0, "last": 16384}]}},
    "cache.slot_ranges[0].last: must be an integer in [0, 16383] (got 16384)")
bad("range_slo_negative", {"client": {"slo_latency_s": -1}}, "client.slo_latency_s: must be a non-negative number (got -1)")
bad("range_origin_latency_negative", {"topology": {"origin_link": {"latency_s": -1}}},
    "topology.origin_link.latency_s: must be a non-negative number (got -1)")
bad("range_cache_bandwidth_zero", {"topology": {"cache_link": {"bandwidth_Bps": 0}}},
    "topology.cache_link.bandwidth_Bps: must be a positive number (got 0)")
bad("range_rate_zero", {"workload": {"arrivals": {"type": "poisson", "rate_per_s": 0}}},
    "workload.arrivals.rate_per_s: must be a positive number (got 0)")
bad("range_keys_count_zero", {"workload": {"key_classes": [{"keys": {"type": "uniform", "count": 0}}]}},
    "workload.key_classes[0].keys.count: must be an integer in [1, 4000000000] (got 0)")
bad("range_keys_count_2pow32", {"workload": {"key_classes": [{"keys": {"type": "zipf", "count": 4294967296}}]}},
    "workload.key_classes[0].keys.count: must be an integer in [1, 4000000000] (got 4294967296)")
bad("range_zipf_s_negative", {"workload": {"key_classes": [{"keys": {"type": "zipf", "s": -0.5}}]}},
    "workload.key_classes[0].keys.s: must be a non-negative number (got -0.5)")
bad("range_queue_limit_negative", {"origin": {"queue_limit": -1}},
    "origin.queue_limit: must be an integer in [0, 4294967295] or null (got -1)")
bad("range_queue_timeout_zero", {"origin": {"queue_timeout_s": 0}}, "origin.queue_timeout_s: must be a positive number (got 0)")
bad("range_client_timeout_negative", {"client": {"timeout_s": -1}}, "client.timeout_s: must be a positive number (got -1)")
bad("range_app_cache_timeout_zero", {"app": {"cache_timeout_s": 0}}, "app.cache_timeout_s: must be a positive number (got 0)")
bad("range_service_mean_negative", {"origin": {"service_s": {"type": "exponential", "mean": -1}}},
    "origin.service_s.mean: must be a positive number (got -1)")
bad("range_lognormal_sigma_negative", {"origin": {"service_s": {"type": "lognormal", "median": 1, "sigma": -1}}},
    "origin.service_s.sigma: must be a non-negative number (got -1)")
bad("range_uniform_max_below_min", {"origin": {"service_s": {"type": "uniform", "min": 2, "max": 1}}},
    "origin.service_s.max: must be >= min")
bad("range_name_path", {"name": "../etc"}, 'name: must be 1-100 of letters, digits')
bad("range_name_empty", {"name": ""}, 'name: must be 1-100 of letters, digits')

# --- unknown keys and types, at every level ---------------------------------------------------
bad("unknown_top_key", {"duraton_s": 5}, "duraton_s: unknown key; valid keys here: ")
bad("unknown_topology_key", {"topology": {"client": 2}}, "topology.client: unknown key; valid keys here: app_instances, app_link")
bad("unknown_link_key", {"topology": {"app_link": {"latency": 0.1}}}, "topology.app_link.latency: unknown key; valid keys here: bandwidth_Bps, latency_s")
bad("unknown_workload_key", {"workload": {"rate": 5}}, "workload.rate: unknown key; valid keys here: arrivals, key_classes")
bad("unknown_key_class_key", {"workload": {"key_classes": [{"prefix": "u"}]}},
    "workload.key_classes[0].prefix: unknown key; valid keys here: arrivals, keys, name, not_found, pattern, share, "
    "staleness_budget, strategies, ttl_s, value_size_bytes, writes")
bad("strategy_unknown_type", {"workload": {"key_classes": [{"strategies": [{"type": "probabilistic"}]}]}},
    'workload.key_classes[0].strategies[0].type: unknown type "probabilistic"; valid types: circuit_breaker, single_flight, stale_while_revalidate, ttl_jitter, xfetch')
bad("strategy_without_type", {"workload": {"key_classes": [{"strategies": [{"beta": 1}]}]}},
    "workload.key_classes[0].strategies[0].type")
bad("strategy_twice", {"workload": {"key_classes": [{"strategies": [{"type": "xfetch"}, {"type": "ttl_jitter"}, {"type": "xfetch", "beta": 2}]}]}},
    'workload.key_classes[0].strategies[2]: "xfetch" is already in this class\'s pipeline at workload.key_classes[0].strategies[0]')
bad("strategy_on_keys_without_ttl", {"workload": {"key_classes": [{"ttl_s": None, "strategies": [{"type": "stale_while_revalidate"}]}]}},
    'workload.key_classes[0].strategies[0]: "stale_while_revalidate" acts on expiry, but the class\'s ttl_s is null')
bad("strategy_without_cache", {"cache": {"enabled": False}, "workload": {"key_classes": [{"strategies": [{"type": "single_flight"}]}]}},
    "workload.key_classes[0].strategies[0]: strategies act on cache calls, but cache.enabled is false")
bad("strategy_jitter_key_of_other_mode", {"workload": {"key_classes": [{"strategies": [{"type": "ttl_jitter", "mode": "additive", "fraction": 0.2}]}]}},
    "workload.key_classes[0].strategies[0].fraction: unknown key; valid keys here: max_s, mode, type")
bad("strategy_jitter_fraction_one", {"workload": {"key_classes": [{"strategies": [{"type": "ttl_jitter", "fraction": 1}]}]}},
    "workload.key_classes[0].strategies[0].fraction: must be")
bad("strategy_single_flight_scope", {"workload": {"key_classes": [{"strategies": [{"type": "single_flight", "scope": "cluster"}]}]}},
    'workload.key_classes[0].strategies[0].scope: unknown value "cluster"; valid values: instance, distributed, lease')
bad("strategy_lock_key_on_instance_scope",
    {"workload": {"key_classes": [{"strategies": [{"type": "single_flight", "lock_ttl_s": 1}]}]}},
    "workload.key_classes[0].strategies[0].lock_ttl_s: unknown key; valid keys here: scope, type")
bad("strategy_lock_backoff_below_one",
    {"workload": {"key_classes": [{"strategies": [{"type": "single_flight", "scope": "distributed", "poll_backoff": 0.5}]}]}},
    "workload.key_classes[0].strategies[0].poll_backoff: must be")
bad("strategy_breaker_mode", {"workload": {"key_classes": [{"strategies": [{"type": "circuit_breaker", "mode": "open"}]}]}},
    'workload.key_classes[0].strategies[0].mode: unknown value "open"; valid values: fail_open, fail_closed')
bad("strategy_breaker_window_zero", {"workload": {"key_classes": [{"strategies": [{"type": "circuit_breaker", "window_size": 0}]}]}},
    "workload.key_classes[0].strategies[0].window_size: must be")
bad("strategy_xfetch_beta_zero", {"workload": {"key_classes": [{"strategies": [{"type": "xfetch", "beta": 0}]}]}},
    "workload.key_classes[0].strategies[0].beta: must be a positive number (got 0)")
# --- writes -----------------------------------------------------------------------------------
bad("writes_unknown_type", {"workload": {"key_classes": [{"writes": {"type": "write_around"}}]}},
    'workload.key_classes[0].writes.type: unknown type "write_around"; valid types: delete_after_write, '
    'delete_before_write, none, write_behind, write_through')
bad("writes_flush_delay_on_write_through",
    {"workload": {"key_classes": [{"writes": {"type": "write_through", "flush_delay_s": 1}}]}},
    "workload.key_classes[0].writes.flush_delay_s: unknown key; valid keys here: arrivals, invalidation, keys, type")
bad("writes_behind_without_cache",
    {"cache": {"enabled": False}, "workload": {"key_classes": [{"writes": {"type": "write_behind"}}]}},
    "workload.key_classes[0].writes.type: write_behind keeps writes in the cache until they are flushed; it needs "
    "cache.enabled true")
bad("writes_keys_beyond_class",
    {"workload": {"key_classes": [{"keys": {"type": "uniform", "count": 10},
                                   "writes": {"keys": {"type": "uniform", "count": 20}}}]}},
    "workload.key_classes[0].writes.keys.count: writes go to the class's keys: at most 10 (got 20)")
bad("writes_invalidation_lost_fraction",
    {"workload": {"key_classes": [{"writes": {"invalidation": {"lost_fraction": 1.5}}}]}},
    "workload.key_classes[0].writes.invalidation.lost_fraction: must be a number in [0, 1] (got 1.5)")
bad("writes_invalidation_unknown_key",
    {"workload": {"key_classes": [{"writes": {"invalidation": {"delay": 1}}}]}},
    "workload.key_classes[0].writes.invalidation.delay: unknown key; valid keys here: delay_s, lost_fraction")
bad("staleness_budget_without_writes",
    {"workload": {"key_classes": [{"staleness_budget": {"age_s": 30}}]}},
    'workload.key_classes[0].staleness_budget: staleness is measured only for a class with writes; add "writes"')
bad("staleness_budget_fraction_above_one",
    {"workload": {"key_classes": [{"writes": {}, "staleness_budget": {"max_fraction": 2}}]}},
    "workload.key_classes[0].staleness_budget.max_fraction: must be a number in [0, 1] (got 2)")
bad("staleness_budget_unknown_key",
    {"workload": {"key_classes": [{"writes": {}, "staleness_budget": {"age": 30}}]}},
    "workload.key_classes[0].staleness_budget.age: unknown key; valid keys here: age_s, max_fraction")
bad("unknown_command", {"cache": {"commands": {"hget": {}}}}, "cache.commands.hget: unknown key; valid keys here: del, get, set, set_nx_px")
bad("unknown_arrivals_key", {"workload": {"arrivals": {"rate": 5}}}, "workload.arrivals.rate: unknown key; valid keys here: profile, rate_per_s, type")
bad("profile_negative_rate", {"workload": {"arrivals": {"profile": {"type": "piecewise", "points": [{"t_s": 0, "rate_per_s": -5}]}}}},
    "workload.arrivals.profile.points[0].rate_per_s: must be")
bad("profile_unsorted_points", {"workload": {"arrivals": {"profile": {"type": "piecewise",
    "points": [{"t_s": 10, "rate_per_s": 5}, {"t_s": 2, "rate_per_s": 5}]}}}},
    "workload.arrivals.profile.points[1].t_s: must not be before the previous point's t_s")
bad("profile_ramp_backwards", {"workload": {"arrivals": {"profile": {"type": "ramp", "start_s": 30, "end_s": 10}}}},
    "workload.arrivals.profile.end_s: must not be before start_s")
bad("profile_unknown_type", {"workload": {"arrivals": {"profile": {"type": "sawtooth"}}}},
    'workload.arrivals.profile.type: unknown type "sawtooth"; valid types: diurnal, piecewise, ramp, spike, step')
bad("profile_csv_missing", {"workload": {"arrivals": {"profile": {"type": "piecewise", "csv": "/nonexistent/rates.csv"}}}},
    "workload.arrivals.profile.csv: cannot read the rate file /nonexistent/rates.csv")
bad("profile_csv_device", {"workload": {"arrivals": {"profile": {"type": "piecewise", "csv": "/dev/zero"}}}},
    "workload.arrivals.profile.csv: /dev/zero: not a regular file (a directory, device or FIFO)")
bad("retries_deadline_below_timeout", {"client": {"timeout_s": 1.0, "retries": {"deadline_s": 0.5}}},
    "client.retries.deadline_s: the total deadline 0.5 s is shorter than one attempt's timeout (client.timeout_s = 1.0 s)")
bad("retries_ratio_above_one", {"client": {"retries": {"budget": {"type": "ratio", "ratio": 1.5}}}},
    "client.retries.budget.ratio: must be a number in [0, 1] (got 1.5)")
bad("retries_no_attempts", {"client": {"retries": {"max_attempts": 0}}},
    "client.retries.max_attempts: must be an integer in [1, 100] (got 0)")
bad("retries_unknown_budget", {"client": {"retries": {"budget": {"type": "leaky"}}}},
    'client.retries.budget.type: unknown type "leaky"; valid types: grpc, ratio, token_bucket')
bad("retries_unknown_jitter", {"client": {"retries": {"backoff": {"type": "constant", "jitter": "half"}}}},
    'client.retries.backoff.jitter: unknown value "half"; valid values: none, full, equal')
bad("retries_unknown_retry_on", {"client": {"retries": {"retry_on": "all"}}},
    'client.retries.retry_on: unknown value "all"; valid values: timeouts, errors, both')
bad("retries_shrinking_backoff", {"client": {"retries": {"backoff": {"type": "exponential", "multiplier": 0.5}}}},
    "client.retries.backoff.multiplier: must be a number in [1, 1000] (got 0.5)")
bad("origin_errors_probability_above_one", {"faults": [{"type": "origin_errors", "probability": 1.2, "at_s": 1}]},
    "faults[0].probability: must be a number in [0, 1] (got 1.2)")
bad("not_found_fraction_above_one", {"workload": {"key_classes": [{"not_found": {"fraction": 1.5}}]}},
    "workload.key_classes[0].not_found.fraction: must be a number in [0, 1] (got 1.5)")
bad("not_found_with_writes", {"workload": {"key_classes": [{"writes": {"type": "write_through"}, "not_found": {}}]}},
    "workload.key_classes[0].not_found: a class with writes has every key it writes")
bad("load_spike_factor_zero", {"faults": [{"type": "load_spike", "factor": 0, "at_s": 1}]},
    "faults[0].factor: must be a number in [0.001, 1e+06] (got 0)")
bad("hot_keys_flush_no_keys", {"faults": [{"type": "hot_keys_flush", "keys": 0, "at_s": 1}]},
    "faults[0].keys: must be an integer in [1, 4294967295] (got 0)")
bad("hot_keys_flush_with_duration", {"faults": [{"type": "hot_keys_flush", "keys": 10, "at_s": 1, "duration_s": 3}]},
    "faults[0].duration_s: unknown key; valid keys here: at_s, keys, recovery_s, type")
bad("origin_limit_initial_beyond_max", {"app": {"origin_limit": {"type": "aimd", "initial": 300, "max": 200}}},
    "app.origin_limit.initial: must lie within [min, max]")
bad("origin_limit_unknown_type", {"app": {"origin_limit": {"type": "vegas"}}},
    'app.origin_limit.type: unknown type "vegas"; valid types: aimd, static')
bad("origin_codel_zero_target", {"origin": {"codel": {"target_s": 0}}},
    "origin.codel.target_s: must be a number in [1e-06, 3600] (got 0)")
bad("unknown_arrivals_type", {"workload": {"arrivals": {"type": "burst"}}}, 'workload.arrivals.type: unknown type "burst"; valid types: periodic, poisson')
bad("unknown_keys_type", {"workload": {"key_classes": [{"keys": {"type": "hotset"}}]}},
    'workload.key_classes[0].keys.type: unknown type "hotset"; valid types: trace, uniform, zipf')
bad("unknown_value_size_type", {"workload": {"key_classes": [{"value_size_bytes": {"type": "pareto"}}]}},
    'workload.key_classes[0].value_size_bytes.type: unknown type "pareto"; valid types: deterministic, exponential, lognormal, uniform')
bad("unknown_cache_key", {"cache": {"size_bytes": 5}},
    "cache.size_bytes: unknown key; valid keys here: active_expiry, commands, enabled, eviction, failover, memory, nodes, persistence, read_from, replicas_per_shard, replication, slot_ranges, topology_refresh, warm_start")
bad("unknown_eviction_policy", {"cache": {"eviction": {"type": "allkeys-lru2"}}},
    'cache.eviction.type: unknown type "allkeys-lru2"; valid types: allkeys-lfu, allkeys-lru, allkeys-random, exact-lru, noeviction, volatile-lfu, volatile-lru, volatile-random, volatile-ttl')
bad("eviction_samples_zero", {"cache": {"eviction": {"type": "allkeys-lru", "samples": 0}}},
    "cache.eviction.samples: must be an integer in [1, 64] (got 0)")
bad("eviction_key_of_another_policy", {"cache": {"eviction": {"type": "allkeys-random", "samples": 5}}},
    "cache.eviction.samples: unknown key; valid keys here: type")
bad("range_maxmemory_negative", {"cache": {"memory": {"maxmemory_bytes": -1}}},
    "cache.memory.maxmemory_bytes: must be a non-negative integer (got -1)")
bad("unknown_memory_key", {"cache": {"memory": {"maxmemory": 1000}}},
    "cache.memory.maxmemory: unknown key; valid keys here: base_bytes, bucket_bytes, expiry_overhead_bytes, key_overhead_bytes, maxmemory_bytes")
bad("range_active_expiry_hz_negative", {"cache": {"active_expiry": {"hz": -1}}},
    "cache.active_expiry.hz: must be a number in [0, 500] (got -1)")
bad("unknown_app_key", {"app": {"timeout_s": 1}}, "app.timeout_s: unknown key; valid keys here: cache_timeout_s")
bad("unknown_origin_key", {"origin": {"pool": 5}}, "origin.pool: unknown key; valid keys here: codel, connections, queue_limit, queue_timeout_s, service_s, write_service_s")
bad("unknown_service_type", {"origin": {"service_s": {"type": "gamma"}}}, 'origin.service_s.type: unknown type "gamma"')
bad("unknown_service_key", {"origin": {"service_s": {"type": "exponential", "mean_s": 1}}},
    "origin.service_s.mean_s: unknown key; valid keys here: mean, type")
bad("unknown_client_key", {"client": {"retry": 3}}, "client.retry: unknown key; valid keys here: retries, slo_latency_s, timeout_s")
bad("unknown_fault_type", {"faults": [{"type": "cache_crash"}]}, 'faults[0].type: unknown type "cache_crash"; valid types: cache_down, cache_flush, cache_slow, hot_keys_flush, load_spike, minority_partition, origin_down, origin_errors, origin_slow, partition')
bad("unknown_fault_key", {"faults": [{"type": "cache_down", "nodes": [0]}]}, "faults[0].nodes: unknown key; valid keys here: at_s, duration_s, kind, node, recovery_s, replica, type")
bad("missing_fault_type", {"faults": [{"node": 0}]}, "faults[0].type: required; valid types: cache_down, cache_flush, cache_slow, hot_keys_flush, load_spike, minority_partition, origin_down, origin_errors, origin_slow, partition")

# --- faults ---------------------------------------------------------------------------------
bad("fault_node_out_of_range", {"cache": {"nodes": 3}, "faults": [{"type": "cache_down", "node": 3}]},
    "faults[0].node: must be < cache.nodes (3)")
bad("fault_node_2pow32", {"faults": [{"type": "cache_down", "node": 4294967296}]},
    "faults[0].node: must be an integer in [0, 4294967295] (got 4294967296)")
bad("fault_at_horizon", {"duration_s": 60, "faults": [{"type": "cache_down", "at_s": 60}]},
    "faults[0].at_s: must be < duration_s (60)")
bad("fault_after_horizon", {"duration_s": 60, "faults": [{"type": "cache_down", "at_s": 10},
                                                          {"type": "cache_down", "at_s": 600}]},
    "faults[1].at_s: must be < duration_s (60)")
bad("fault_negative_start", {"faults": [{"type": "cache_down", "at_s": -5}]}, "faults[0].at_s: must be a non-negative number (got -5)")
bad("fault_zero_duration", {"faults": [{"type": "cache_down", "duration_s": 0}]},
    "faults[0].duration_s: must be a positive number (got 0)")
bad("fault_slow_node_out_of_range", {"cache": {"nodes": 2}, "faults": [{"type": "cache_slow", "node": 2, "factor": 3}]},
    "faults[0].node: must be < cache.nodes (2)")
bad("fault_slow_factor_zero", {"faults": [{"type": "cache_slow", "factor": 0}]},
    "faults[0].factor: must be a number in [0.001, 1e+06] (got 0)")
bad("fault_origin_slow_after_horizon", {"duration_s": 60, "faults": [{"type": "origin_slow", "at_s": 60, "factor": 2}]},
    "faults[0].at_s: must be < duration_s (60)")
bad("fault_flush_with_duration", {"faults": [{"type": "cache_flush", "at_s": 5, "duration_s": 10}]},
    "faults[0].duration_s: unknown key; valid keys here: at_s, node, recovery_s, replica, type")
bad("fault_origin_slow_node", {"faults": [{"type": "origin_slow", "node": 0}]},
    "faults[0].node: unknown key; valid keys here: at_s, duration_s, factor, recovery_s, type")

# --- replicas and failover ------------------------------------------------------------------
bad("replicas_too_many", {"cache": {"replicas_per_shard": 6}},
    "cache.replicas_per_shard: must be an integer in [0, 5] (got 6)")
bad("fault_replica_out_of_range", {"cache": {"nodes": 3, "replicas_per_shard": 1},
                                   "faults": [{"type": "cache_down", "node": 1, "replica": 2}]},
    "faults[0].replica: must be <= cache.replicas_per_shard (1; 0 is the shard's first primary) (got 2)")
bad("fault_replica_without_replicas", {"faults": [{"type": "cache_slow", "node": 0, "replica": 1}]},
    "faults[0].replica: must be <= cache.replicas_per_shard (0; 0 is the shard's first primary) (got 1)")
bad("failover_unknown_type", {"cache": {"failover": {"type": "raft"}}},
    'cache.failover.type: unknown type "raft"; valid types: cluster, none, sentinel')
bad("sentinel_on_shards", {"cache": {"nodes": 3, "replicas_per_shard": 1, "failover": {"type": "sentinel"}}},
    "cache.failover.type: sentinel watches one primary: it needs cache.nodes = 1 (got 3)")
bad("sentinel_quorum_above_sentinels", {"cache": {"replicas_per_shard": 1,
                                                  "failover": {"type": "sentinel", "sentinels": 3, "quorum": 4}}},
    "cache.failover.quorum: must be <= sentinels (3): no failure could ever be agreed (got 4)")
bad("cluster_node_timeout_zero", {"cache": {"failover": {"type": "cluster", "node_timeout_s": 0}}},
    "cache.failover.node_timeout_s: must be a positive number (got 0)")
bad("unknown_topology_refresh_key", {"cache": {"topology_refresh": {"every_s": 30}}},
    "cache.topology_refresh.every_s: unknown key; valid keys here: min_interval_s, on_failure, periodic_s")
bad("replicas_with_write_behind", {"cache": {"replicas_per_shard": 1},
                                   "workload": {"key_classes": [{"ttl_s": 60, "writes": {"type": "write_behind"}}]}},
    "cache.replicas_per_shard: replicas with a write_behind key class (workload.key_classes[0].writes) are not modelled yet")
bad("read_from_replica_without_replicas", {"cache": {"read_from": "replica"}},
    "cache.read_from: \"replica\" needs replicas: set cache.replicas_per_shard to 1 or more")
bad("read_from_unknown", {"cache": {"replicas_per_shard": 1, "read_from": "nearest"}},
    "cache.read_from: unknown value \"nearest\"; valid values: primary, replica")

bad("persistence_unknown_type", {"cache": {"persistence": {"type": "aof_always"}}},
    'cache.persistence.type: unknown value "aof_always"; valid values: none, rdb, aof_everysec')
bad("persistence_load_rate_zero", {"cache": {"persistence": {"type": "rdb", "load_rate_Bps": 0}}},
    "cache.persistence.load_rate_Bps: must be a positive number (got 0)")
bad("partition_app_out_of_range", {"topology": {"app_instances": 2}, "faults": [{"type": "partition", "first_app": 2}]},
    "faults[0].first_app: must be < topology.app_instances (2)")
bad("partition_apps_beyond", {"topology": {"app_instances": 2}, "faults": [{"type": "partition", "first_app": 1, "app_count": 2}]},
    "faults[0].app_count: first_app + app_count must be <= topology.app_instances (2)")
bad("origin_down_mode_unknown", {"faults": [{"type": "origin_down", "mode": "flap"}]},
    'faults[0].mode: unknown value "flap"; valid values: refuse, hang')
bad("fault_kind_unknown", {"faults": [{"type": "cache_down", "kind": "disk"}]},
    'faults[0].kind: unknown value "disk"; valid values: host, process')

# --- sizes beyond the machine (against the test's 16 000 MiB budget) ----------------------------
bad("size_zipf_4e9_keys", {"workload": {"key_classes": [{"keys": {"type": "zipf", "count": 4000000000}}]}},
    "workload.key_classes[0].keys.count: the scenario needs about 280.1 GB (280.0 GB for 4000000000 keys (70 B per key)")
bad("size_zipf_1e9_keys", {"workload": {"key_classes": [{"keys": {"type": "zipf", "count": 1000000000}}]}},
    "workload.key_classes[0].keys.count: the scenario needs about 70.1 GB (70.0 GB for 1000000000 keys (70 B per key)")
bad("size_uniform_4e9_keys", {"workload": {"key_classes": [{"keys": {"type": "uniform", "count": 4000000000}}]}},
    "workload.key_classes[0].keys.count: the scenario needs about 200.1 GB (200.0 GB for 4000000000 keys (50 B per key)")
bad("size_second_class_largest", {"workload": {"key_classes": [{"name": "a", "keys": {"type": "zipf", "count": 10}},
                                                                {"name": "b", "keys": {"type": "zipf", "count": 1000000000}}]}},
    "workload.key_classes[1].keys.count: the scenario needs about")
# metric windows leave memory a few dozen seconds after they close, but every simulated second
# still keeps 320 B: a run of 10^9 s needs 320 GB
# windows the summary reports on their own
bad("window_name_with_dot", {"windows": [{"name": "a.b", "from_s": 1, "to_s": 2}]},
    "windows[0].name: must be 1-64 of letters, digits, '_' and '-' (got \"a.b\")")
bad("window_name_missing", {"windows": [{"from_s": 1, "to_s": 2}]},
    "windows[0].name: must be 1-64 of letters, digits")
bad("window_names_repeat", {"windows": [{"name": "a", "from_s": 1, "to_s": 2}, {"name": "a", "from_s": 3, "to_s": 4}]},
    "windows[1].name: \"a\" names another window too; names must differ")
bad("window_empty", {"windows": [{"name": "a", "from_s": 5, "to_s": 5}]},
    "windows[0].to_s: must be greater than from_s (5)")
bad("window_after_the_run", {"duration_s": 100, "windows": [{"name": "a", "from_s": 100, "to_s": 120}]},
    "windows[0].from_s: must be < duration_s (100): the window would start after the run ends")
bad("fault_recovery_negative", {"faults": [{"type": "cache_down", "node": 0, "at_s": 1, "recovery_s": -1}]},
    "faults[0].recovery_s: must be")
bad("size_windows_very_long", {"duration_s": 1e9},
    "duration_s: the scenario needs about 320.1 GB")
# every app instance keeps a connection to every cache node: 100 000 x 1 000
bad("size_app_node_connections", {"topology": {"app_instances": 100000}, "cache": {"nodes": 1000}},
    "topology.app_instances: the scenario needs about")
bad("size_value_5e9_bytes", {"workload": {"key_classes": [{"value_size_bytes": {"type": "deterministic", "value": 5e9}}]}},
    "workload.key_classes[0].value_size_bytes: values reach 5e+09 bytes; a value may have at most 4294967295 bytes")
bad("size_value_mean_beyond", {"workload": {"key_classes": [{"value_size_bytes": {"type": "exponential", "mean": 1e10}}]}},
    "workload.key_classes[0].value_size_bytes: values average 1e+10 bytes")


def main():
    for entry in os.listdir(HERE):
        if entry.endswith(".json"):
            os.remove(os.path.join(HERE, entry))
    with open(os.path.join(HERE, "expected.tsv"), "w") as tsv:
        tsv.write("# file\texit code\tmessage fragment (must appear in stderr)\n")
        for name, content, code, fragment in CASES:
            with open(os.path.join(HERE, name + ".json"), "wb") as out:
                out.write(content)
            tsv.write(f"{name}.json\t{code}\t{fragment}\n")
    print(f"{len(CASES)} cases")


if __name__ == "__main__":
    main()
