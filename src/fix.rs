//! Applying safe suggestions.
