import Foundation
import Vigil

let text = """
  define complaint = type == "complaint"
  define unresolved = from created_at until resolved_at
  complaint unresolved > 48h → escalate to owner
  """
let records: [[String: Value]] = [
  ["id": "T-1", "type": "complaint", "owner": "dara", "created_at": "2026-11-20T09:00:00Z"],
  ["id": "T-2", "type": "complaint", "owner": "kim", "created_at": "2026-11-24T09:00:00Z"],
  ["id": "T-3", "type": "question", "owner": "kim", "created_at": "2026-11-18T09:00:00Z"],
]

let policies = try PolicySet(source: text, file: "complaints.vigil")  // throws Diagnostics
let now = try Date("2026-11-25T00:00:00Z", strategy: .iso8601)
let audit = policies.audit(records, now: now)
for violation in audit.violations {
  print(violation.policy, violation.record, violation.party ?? "-", violation.measured ?? "")
}
