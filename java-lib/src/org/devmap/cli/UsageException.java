// SPDX-License-Identifier: Apache-2.0
package org.devmap.cli;

/** A bad command line; {@link Main} prints it and exits with status 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
