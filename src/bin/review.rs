//! Mounts the reviewer console into `#app` (review.html). A bundle of its own: applicants never
//! download it.

fn main() {
    console_error_panic_hook::set_once();
    beian_web::console::mount();
}
