"""Review 37 M9 (issue 19): the L40S peak was 366 TFLOP/s, cited to the NVIDIA data sheet, which gives 362.05 dense
BF16 (733 with sparsity); 366.43 is a computed clock-rate figure. The figure used must be the one its cited source
gives."""

from __future__ import annotations

from auditor.compute import accelerators


def test_the_l40s_peak_is_the_data_sheets_dense_bf16_figure() -> None:
    peaks = {name: peak for name, _pattern, peak in accelerators()}
    assert peaks["NVIDIA L40S"] == 362.05e12
