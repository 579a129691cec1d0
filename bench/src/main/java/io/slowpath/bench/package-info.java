/** JMH benchmarks of the Slowpath allocator core. */
package io.slowpath.bench;
