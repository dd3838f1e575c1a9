//! Mounts the applicant client into `#app` (index.html), replacing the static loading shell.

fn main() {
    console_error_panic_hook::set_once();
    beian_web::mount();
}
