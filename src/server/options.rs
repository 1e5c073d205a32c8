//! The service's table of the house style, declared apart from the
//! service so that [`crate::config`] can gather it without importing the
//! start-up code (which reads a [`crate::Config`]).

crate::options! {
    /// The `[server]` table of the house-style file given to
    /// `tchatlint serve --config` (read at start; ignored elsewhere).
    pub struct ServerOptions / ServerOptionsPatch {
        /// Web origins allowed to call the service from a browser.
        pub cors_origins: Vec<String>,
    }
}
