// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code devmap} command line tool; {@link org.devmap.cli.Main} is the
 * entry point.
 */
package org.devmap.cli;
