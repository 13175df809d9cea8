"""Texts of meeting mode and its guided steps."""

TEXT = {
    "meeting_exit": ("Thoát chế độ trình chiếu", "Leave meeting mode"),
    "meeting_step": ("Bước {i}/{n}: {title}", "Step {i}/{n}: {title}"),
    "meeting_prev": ("← Trước", "← Previous"),
    "meeting_next": ("Tiếp →", "Next →"),
    "step_overview": ("Bức tranh chung của năm", "The year at a glance"),
    "step_rankings": ("Ai đứng đầu, ai tiến bộ", "Who leads, who moved"),
    "step_change": ("Mức tăng 2022→2023 có thật không?", "Is the 2022→2023 rise real?"),
    "step_components": (
        "Các lĩnh vực đi cùng nhau thế nào",
        "How the component areas move together",
    ),
    "step_whatif": ("Cần gì để tăng 6–8 bậc?", "What does it take to rise 6–8 places?"),
}
