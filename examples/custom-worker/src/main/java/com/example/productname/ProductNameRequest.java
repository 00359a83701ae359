package com.example.productname;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The request the Worker Manager sends: the name of the product to read.
 *
 * @param productName the product's name, as its producer named it
 */
public record ProductNameRequest(@NotBlank @Size(max = 100) String productName) {
}
