/**
 * The one deterministic JSON writer of Slowpath's output files (summary.json, compare.json, oom-replay --format
 * json): members in the order written, no JSON library.
 */
package io.slowpath.core.json;
