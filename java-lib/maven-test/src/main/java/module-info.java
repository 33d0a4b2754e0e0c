// SPDX-License-Identifier: Apache-2.0
/** A user's module: needs only org.devmap (JNA comes with it). */
module org.devmap.consumer {
    requires org.devmap;
}
