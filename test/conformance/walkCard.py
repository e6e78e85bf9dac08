#!/usr/bin/python3
"""Walk issue 16's table (test/conformance/cardWalk.json, placeholders already filled in) against the card
in a PC/SC reader, through pcscd, with pyscard (Debian python3-pyscard): an outside client that shares no
code with the simulator. Prints one JSON object: {row: [problems]}; an empty list means the row answered
as a real card does. The same checks as checkStep in test/harness/cardWalk.ts.

usage: walkCard.py <filled cardWalk.json> <reader name>
Never prints a command's data: VERIFY carries PINs (test data of a shipped profile, still kept out of logs).
"""
import json
import sys

from smartcard.System import readers
from smartcard.scard import SCARD_RESET_CARD, SCARD_SHARE_EXCLUSIVE


def hexs(data):
    return bytes(data).hex().upper()


def check(step, data, sw, seen):
    if sw != step["sw"].upper():
        return "SW %s, expected %s" % (sw, step["sw"])
    if "length" in step and len(data) // 2 != step["length"]:
        return "%d data bytes, expected %d" % (len(data) // 2, step["length"])
    if "data" in step and data != step["data"].upper():
        return "data %s, expected %s" % (data, step["data"])
    if "prefix" in step and not data.startswith(step["prefix"].upper()):
        return "data %s..., expected to start %s" % (data[:80], step["prefix"])
    if step.get("fresh"):
        if data in seen:
            return "data %s was answered before: not random" % data
        seen.add(data)
    return None


def main():
    walk_file, reader_name = sys.argv[1], sys.argv[2]
    with open(walk_file, encoding="utf-8") as f:
        rows = json.load(f)["rows"]
    matching = [r for r in readers() if str(r) == reader_name]
    if not matching:
        print(json.dumps({"error": "no reader %r among %r" % (reader_name, [str(r) for r in readers()])}))
        return 2
    connection = matching[0].createConnection()
    connection.connect(mode=SCARD_SHARE_EXCLUSIVE)
    seen = set()
    result = {}
    for row in rows:
        problems = []
        for i, step in enumerate(row["steps"]):
            if step.get("reset"):
                connection.reconnect(mode=SCARD_SHARE_EXCLUSIVE, disposition=SCARD_RESET_CARD)
                continue
            if "atr" in step:
                atr = hexs(connection.getATR())
                if atr != step["atr"].upper():
                    problems.append("ATR %s, expected %s" % (atr, step["atr"]))
                continue
            apdu = list(bytes.fromhex(step["apdu"]))
            data, sw1, sw2 = connection.transmit(apdu)
            problem = check(step, hexs(data), "%02X%02X" % (sw1, sw2), seen)
            if problem:
                # The command's header only: its data may be a PIN.
                problems.append("step %d %s: %s" % (i, step["apdu"][:8], problem))
        result[row["row"]] = problems
    connection.disconnect()
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
